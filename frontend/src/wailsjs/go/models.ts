export namespace app {
	
	export class AccessRequestView {
	    serverUrl: string;
	    request: portal.AccessRequest;
	    id: string;
	    status: string;
	    reason: string;
	    sentAt?: string;
	
	    static createFrom(source: any = {}) {
	        return new AccessRequestView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.serverUrl = source["serverUrl"];
	        this.request = this.convertValues(source["request"], portal.AccessRequest);
	        this.id = source["id"];
	        this.status = source["status"];
	        this.reason = source["reason"];
	        this.sentAt = source["sentAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AccountInfo {
	    serverUrl: string;
	    personId: string;
	    email: string;
	    name: string;
	    companyName: string;
	    productRole: string;
	    expiresAt: string;
	    signedIn: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AccountInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.serverUrl = source["serverUrl"];
	        this.personId = source["personId"];
	        this.email = source["email"];
	        this.name = source["name"];
	        this.companyName = source["companyName"];
	        this.productRole = source["productRole"];
	        this.expiresAt = source["expiresAt"];
	        this.signedIn = source["signedIn"];
	    }
	}
	export class Bootstrap {
	    version: string;
	    dataDir: string;
	    startupError?: portal.Error;
	    settings: portal.Settings;
	    vendor: portal.VendorProfile;
	
	    static createFrom(source: any = {}) {
	        return new Bootstrap(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.dataDir = source["dataDir"];
	        this.startupError = this.convertValues(source["startupError"], portal.Error);
	        this.settings = this.convertValues(source["settings"], portal.Settings);
	        this.vendor = this.convertValues(source["vendor"], portal.VendorProfile);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CompanyAccountView {
	    account?: portal.CompanyAccount;
	    fetchedAt?: string;
	    queued: portal.QueuedUserChange[];
	    me: string;
	
	    static createFrom(source: any = {}) {
	        return new CompanyAccountView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account = this.convertValues(source["account"], portal.CompanyAccount);
	        this.fetchedAt = source["fetchedAt"];
	        this.queued = this.convertValues(source["queued"], portal.QueuedUserChange);
	        this.me = source["me"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PasswordLink {
	    server: string;
	    confirmServer: boolean;
	    minPasswordLength: number;
	
	    static createFrom(source: any = {}) {
	        return new PasswordLink(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.server = source["server"];
	        this.confirmServer = source["confirmServer"];
	        this.minPasswordLength = source["minPasswordLength"];
	    }
	}
	export class SetPasswordResult {
	    email: string;
	    account?: AccountInfo;
	    signInError?: portal.Error;
	
	    static createFrom(source: any = {}) {
	        return new SetPasswordResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.email = source["email"];
	        this.account = this.convertValues(source["account"], AccountInfo);
	        this.signInError = this.convertValues(source["signInError"], portal.Error);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SyncStatus {
	    signedIn: boolean;
	    serverUrl: string;
	    lastSyncAt?: string;
	    lastError: string;
	    waiting: number;
	    rejected: number;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.signedIn = source["signedIn"];
	        this.serverUrl = source["serverUrl"];
	        this.lastSyncAt = source["lastSyncAt"];
	        this.lastError = source["lastError"];
	        this.waiting = source["waiting"];
	        this.rejected = source["rejected"];
	    }
	}

}

export namespace csvexport {
	
	export class Table {
	    fileName: string;
	    locale: string;
	    header: string[];
	    rows: string[][];
	
	    static createFrom(source: any = {}) {
	        return new Table(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fileName = source["fileName"];
	        this.locale = source["locale"];
	        this.header = source["header"];
	        this.rows = source["rows"];
	    }
	}

}

export namespace portal {
	
	export class AccessRequest {
	    name: string;
	    company: string;
	    email: string;
	    productDomain: string;
	    title: string;
	    phone: string;
	    productRole: string;
	
	    static createFrom(source: any = {}) {
	        return new AccessRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.company = source["company"];
	        this.email = source["email"];
	        this.productDomain = source["productDomain"];
	        this.title = source["title"];
	        this.phone = source["phone"];
	        this.productRole = source["productRole"];
	    }
	}
	export class AccountCompany {
	    id: string;
	    name: string;
	    status: string;
	
	    static createFrom(source: any = {}) {
	        return new AccountCompany(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.status = source["status"];
	    }
	}
	export class AccountUser {
	    id: string;
	    name: string;
	    email: string;
	    productRole: string;
	    portalAccess: string;
	    deactivatedBy?: string;
	    lastSignInAt?: string;
	
	    static createFrom(source: any = {}) {
	        return new AccountUser(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.productRole = source["productRole"];
	        this.portalAccess = source["portalAccess"];
	        this.deactivatedBy = source["deactivatedBy"];
	        this.lastSignInAt = source["lastSignInAt"];
	    }
	}
	export class ArticleSummary {
	    id: string;
	    sourceId: string;
	    locale: string;
	    title: string;
	    summary: string;
	    categoryId?: string;
	    categoryPath: string;
	    tags: string[];
	    publishedAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new ArticleSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.sourceId = source["sourceId"];
	        this.locale = source["locale"];
	        this.title = source["title"];
	        this.summary = source["summary"];
	        this.categoryId = source["categoryId"];
	        this.categoryPath = source["categoryPath"];
	        this.tags = source["tags"];
	        this.publishedAt = source["publishedAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class ArticlePage {
	    items: ArticleSummary[];
	    total: number;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new ArticlePage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], ArticleSummary);
	        this.total = source["total"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Translation {
	    id: string;
	    locale: string;
	
	    static createFrom(source: any = {}) {
	        return new Translation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.locale = source["locale"];
	    }
	}
	export class ArticleView {
	    id: string;
	    sourceId: string;
	    locale: string;
	    title: string;
	    summary: string;
	    categoryId?: string;
	    categoryPath: string;
	    tags: string[];
	    publishedAt: string;
	    updatedAt: string;
	    bodyHtml: string;
	    categoryNames: string[];
	    version: number;
	    translations: Translation[];
	    related: ArticleSummary[];
	
	    static createFrom(source: any = {}) {
	        return new ArticleView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.sourceId = source["sourceId"];
	        this.locale = source["locale"];
	        this.title = source["title"];
	        this.summary = source["summary"];
	        this.categoryId = source["categoryId"];
	        this.categoryPath = source["categoryPath"];
	        this.tags = source["tags"];
	        this.publishedAt = source["publishedAt"];
	        this.updatedAt = source["updatedAt"];
	        this.bodyHtml = source["bodyHtml"];
	        this.categoryNames = source["categoryNames"];
	        this.version = source["version"];
	        this.translations = this.convertValues(source["translations"], Translation);
	        this.related = this.convertValues(source["related"], ArticleSummary);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Attachment {
	    id: string;
	    name: string;
	    size: number;
	    sha256: string;
	    mimeType: string;
	    thumbnail?: string;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Attachment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.size = source["size"];
	        this.sha256 = source["sha256"];
	        this.mimeType = source["mimeType"];
	        this.thumbnail = source["thumbnail"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class Error {
	    code: string;
	    reason?: string;
	    field?: string;
	    params?: Record<string, string>;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Error(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.reason = source["reason"];
	        this.field = source["field"];
	        this.params = source["params"];
	        this.message = source["message"];
	    }
	}
	export class AttachmentError {
	    path: string;
	    name: string;
	    error?: Error;
	
	    static createFrom(source: any = {}) {
	        return new AttachmentError(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.name = source["name"];
	        this.error = this.convertValues(source["error"], Error);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AttachmentResult {
	    attachments: Attachment[];
	    errors: AttachmentError[];
	
	    static createFrom(source: any = {}) {
	        return new AttachmentResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.attachments = this.convertValues(source["attachments"], Attachment);
	        this.errors = this.convertValues(source["errors"], AttachmentError);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Satisfaction {
	    rating: string;
	    comment: string;
	    ratedAt: string;
	    ratedById: string;
	    ratedByName: string;
	
	    static createFrom(source: any = {}) {
	        return new Satisfaction(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rating = source["rating"];
	        this.comment = source["comment"];
	        this.ratedAt = source["ratedAt"];
	        this.ratedById = source["ratedById"];
	        this.ratedByName = source["ratedByName"];
	    }
	}
	export class CaseRef {
	    id: string;
	    number: number;
	    subject: string;
	
	    static createFrom(source: any = {}) {
	        return new CaseRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.subject = source["subject"];
	    }
	}
	export class Solution {
	    text: string;
	    articleId: string;
	
	    static createFrom(source: any = {}) {
	        return new Solution(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.articleId = source["articleId"];
	    }
	}
	export class StatusChange {
	    from: string;
	    to: string;
	    at: string;
	
	    static createFrom(source: any = {}) {
	        return new StatusChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.at = source["at"];
	    }
	}
	export class Comment {
	    id: string;
	    authorName: string;
	    authorKind: string;
	    body: string;
	    pending: boolean;
	    attachments: Attachment[];
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Comment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.authorName = source["authorName"];
	        this.authorKind = source["authorKind"];
	        this.body = source["body"];
	        this.pending = source["pending"];
	        this.attachments = this.convertValues(source["attachments"], Attachment);
	        this.createdAt = source["createdAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CaseDetail {
	    id: string;
	    number: number;
	    subject: string;
	    categoryId: string;
	    subcategoryId: string;
	    status: string;
	    priority: string;
	    mine: boolean;
	    createdAt: string;
	    updatedAt: string;
	    description: string;
	    attachments: Attachment[];
	    comments: Comment[];
	    history: StatusChange[];
	    solution?: Solution;
	    followUpOfCase?: CaseRef;
	    productVersion: string;
	    commentDraft: string;
	    commentDraftAttachments: Attachment[];
	    canComment: boolean;
	    canFollowUp: boolean;
	    satisfaction?: Satisfaction;
	    satisfactionPending: boolean;
	    satisfactionRefused?: Error;
	    canRate: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CaseDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.subject = source["subject"];
	        this.categoryId = source["categoryId"];
	        this.subcategoryId = source["subcategoryId"];
	        this.status = source["status"];
	        this.priority = source["priority"];
	        this.mine = source["mine"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.description = source["description"];
	        this.attachments = this.convertValues(source["attachments"], Attachment);
	        this.comments = this.convertValues(source["comments"], Comment);
	        this.history = this.convertValues(source["history"], StatusChange);
	        this.solution = this.convertValues(source["solution"], Solution);
	        this.followUpOfCase = this.convertValues(source["followUpOfCase"], CaseRef);
	        this.productVersion = source["productVersion"];
	        this.commentDraft = source["commentDraft"];
	        this.commentDraftAttachments = this.convertValues(source["commentDraftAttachments"], Attachment);
	        this.canComment = source["canComment"];
	        this.canFollowUp = source["canFollowUp"];
	        this.satisfaction = this.convertValues(source["satisfaction"], Satisfaction);
	        this.satisfactionPending = source["satisfactionPending"];
	        this.satisfactionRefused = this.convertValues(source["satisfactionRefused"], Error);
	        this.canRate = source["canRate"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CaseFilter {
	    mine: boolean;
	    statuses: string[];
	    query: string;
	    sort: string;
	    desc: boolean;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new CaseFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mine = source["mine"];
	        this.statuses = source["statuses"];
	        this.query = source["query"];
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class CaseSummary {
	    id: string;
	    number: number;
	    subject: string;
	    categoryId: string;
	    subcategoryId: string;
	    status: string;
	    priority: string;
	    mine: boolean;
	    createdAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new CaseSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.subject = source["subject"];
	        this.categoryId = source["categoryId"];
	        this.subcategoryId = source["subcategoryId"];
	        this.status = source["status"];
	        this.priority = source["priority"];
	        this.mine = source["mine"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class CasePage {
	    items: CaseSummary[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new CasePage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], CaseSummary);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class Category {
	    id: string;
	    parentId?: string;
	    path: string;
	    name: string;
	    position: number;
	    articleCount: number;
	    children: Category[];
	
	    static createFrom(source: any = {}) {
	        return new Category(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.parentId = source["parentId"];
	        this.path = source["path"];
	        this.name = source["name"];
	        this.position = source["position"];
	        this.articleCount = source["articleCount"];
	        this.children = this.convertValues(source["children"], Category);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class PendingRequest {
	    id: string;
	    name: string;
	    email: string;
	    productRole: string;
	    status: string;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new PendingRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.productRole = source["productRole"];
	        this.status = source["status"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class CompanyAccount {
	    company: AccountCompany;
	    users: AccountUser[];
	    activeUsers: number;
	    userLimit: number;
	    pendingRequests: PendingRequest[];
	    rev: number;
	
	    static createFrom(source: any = {}) {
	        return new CompanyAccount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.company = this.convertValues(source["company"], AccountCompany);
	        this.users = this.convertValues(source["users"], AccountUser);
	        this.activeUsers = source["activeUsers"];
	        this.userLimit = source["userLimit"];
	        this.pendingRequests = this.convertValues(source["pendingRequests"], PendingRequest);
	        this.rev = source["rev"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ComponentSubcategory {
	    id: string;
	    nameEn: string;
	    nameDe: string;
	
	    static createFrom(source: any = {}) {
	        return new ComponentSubcategory(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.nameEn = source["nameEn"];
	        this.nameDe = source["nameDe"];
	    }
	}
	export class ComponentCategory {
	    id: string;
	    nameEn: string;
	    nameDe: string;
	    subcategories: ComponentSubcategory[];
	
	    static createFrom(source: any = {}) {
	        return new ComponentCategory(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.nameEn = source["nameEn"];
	        this.nameDe = source["nameDe"];
	        this.subcategories = this.convertValues(source["subcategories"], ComponentSubcategory);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Draft {
	    id: string;
	    subject: string;
	    categoryId: string;
	    subcategoryId: string;
	    description: string;
	    priority: string;
	    followUpOf: string;
	    productVersion: string;
	    attachments: Attachment[];
	    createdAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Draft(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.subject = source["subject"];
	        this.categoryId = source["categoryId"];
	        this.subcategoryId = source["subcategoryId"];
	        this.description = source["description"];
	        this.priority = source["priority"];
	        this.followUpOf = source["followUpOf"];
	        this.productVersion = source["productVersion"];
	        this.attachments = this.convertValues(source["attachments"], Attachment);
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DraftInput {
	    id: string;
	    subject: string;
	    categoryId: string;
	    subcategoryId: string;
	    description: string;
	    priority: string;
	    followUpOf: string;
	    productVersion: string;
	
	    static createFrom(source: any = {}) {
	        return new DraftInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.subject = source["subject"];
	        this.categoryId = source["categoryId"];
	        this.subcategoryId = source["subcategoryId"];
	        this.description = source["description"];
	        this.priority = source["priority"];
	        this.followUpOf = source["followUpOf"];
	        this.productVersion = source["productVersion"];
	    }
	}
	
	export class Skipped {
	    file: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new Skipped(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.reason = source["reason"];
	    }
	}
	export class ImportReport {
	    created: number;
	    updated: number;
	    unchanged: number;
	    skipped: Skipped[];
	
	    static createFrom(source: any = {}) {
	        return new ImportReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.created = source["created"];
	        this.updated = source["updated"];
	        this.unchanged = source["unchanged"];
	        this.skipped = this.convertValues(source["skipped"], Skipped);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class NewUserRequest {
	    firstName: string;
	    lastName: string;
	    email: string;
	    productRole: string;
	
	    static createFrom(source: any = {}) {
	        return new NewUserRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.firstName = source["firstName"];
	        this.lastName = source["lastName"];
	        this.email = source["email"];
	        this.productRole = source["productRole"];
	    }
	}
	
	export class QueuedUserChange {
	    id: string;
	    kind: string;
	    personId?: string;
	    request?: NewUserRequest;
	    refused?: Error;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new QueuedUserChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.personId = source["personId"];
	        this.request = this.convertValues(source["request"], NewUserRequest);
	        this.refused = this.convertValues(source["refused"], Error);
	        this.createdAt = source["createdAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SearchHit {
	    id: string;
	    sourceId: string;
	    locale: string;
	    title: string;
	    summary: string;
	    categoryId?: string;
	    categoryPath: string;
	    tags: string[];
	    publishedAt: string;
	    updatedAt: string;
	    snippet: string;
	    score: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.sourceId = source["sourceId"];
	        this.locale = source["locale"];
	        this.title = source["title"];
	        this.summary = source["summary"];
	        this.categoryId = source["categoryId"];
	        this.categoryPath = source["categoryPath"];
	        this.tags = source["tags"];
	        this.publishedAt = source["publishedAt"];
	        this.updatedAt = source["updatedAt"];
	        this.snippet = source["snippet"];
	        this.score = source["score"];
	    }
	}
	export class SearchQuery {
	    text: string;
	    categoryId?: string;
	    offset: number;
	    limit: number;
	    language?: string;
	    noCorrect?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SearchQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.categoryId = source["categoryId"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	        this.language = source["language"];
	        this.noCorrect = source["noCorrect"];
	    }
	}
	export class SearchResults {
	    hits: SearchHit[];
	    total: number;
	    totalCapped: boolean;
	    offset: number;
	    limit: number;
	    corrections?: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new SearchResults(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hits = this.convertValues(source["hits"], SearchHit);
	        this.total = source["total"];
	        this.totalCapped = source["totalCapped"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	        this.corrections = source["corrections"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Settings {
	    language: string;
	    locale: string;
	    timeZone: string;
	    theme: string;
	    updatedAt: string;
	    version: number;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.language = source["language"];
	        this.locale = source["locale"];
	        this.timeZone = source["timeZone"];
	        this.theme = source["theme"];
	        this.updatedAt = source["updatedAt"];
	        this.version = source["version"];
	    }
	}
	export class SettingsUpdate {
	    language?: string;
	    locale?: string;
	    timeZone?: string;
	    theme?: string;
	
	    static createFrom(source: any = {}) {
	        return new SettingsUpdate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.language = source["language"];
	        this.locale = source["locale"];
	        this.timeZone = source["timeZone"];
	        this.theme = source["theme"];
	    }
	}
	
	
	
	
	export class Update {
	    current: string;
	    latest: string;
	    downloadUrl: string;
	    available: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Update(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.current = source["current"];
	        this.latest = source["latest"];
	        this.downloadUrl = source["downloadUrl"];
	        this.available = source["available"];
	    }
	}
	export class VendorProfile {
	    name: string;
	    productName: string;
	    helpDocumentsUrl: string;
	    portalAccessEmail: string;
	    portalUserLimit: number;
	    maxAttachmentBytes: number;
	    maxAttachments: number;
	    storageQuotaBytes: number;
	    latestVersion?: string;
	    downloadUrl?: string;
	
	    static createFrom(source: any = {}) {
	        return new VendorProfile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.productName = source["productName"];
	        this.helpDocumentsUrl = source["helpDocumentsUrl"];
	        this.portalAccessEmail = source["portalAccessEmail"];
	        this.portalUserLimit = source["portalUserLimit"];
	        this.maxAttachmentBytes = source["maxAttachmentBytes"];
	        this.maxAttachments = source["maxAttachments"];
	        this.storageQuotaBytes = source["storageQuotaBytes"];
	        this.latestVersion = source["latestVersion"];
	        this.downloadUrl = source["downloadUrl"];
	    }
	}

}

export namespace printdoc {
	
	export class Entry {
	    heading: string;
	    body: string;
	    attachments: string[];
	    kind: string;
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.heading = source["heading"];
	        this.body = source["body"];
	        this.attachments = source["attachments"];
	        this.kind = source["kind"];
	    }
	}
	export class Section {
	    heading: string;
	    entries: Entry[];
	
	    static createFrom(source: any = {}) {
	        return new Section(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.heading = source["heading"];
	        this.entries = this.convertValues(source["entries"], Entry);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Field {
	    label: string;
	    value: string;
	
	    static createFrom(source: any = {}) {
	        return new Field(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.value = source["value"];
	    }
	}
	export class Document {
	    fileName: string;
	    lang: string;
	    title: string;
	    fields: Field[];
	    sections: Section[];
	    footer: string;
	
	    static createFrom(source: any = {}) {
	        return new Document(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fileName = source["fileName"];
	        this.lang = source["lang"];
	        this.title = source["title"];
	        this.fields = this.convertValues(source["fields"], Field);
	        this.sections = this.convertValues(source["sections"], Section);
	        this.footer = source["footer"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	

}


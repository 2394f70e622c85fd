export namespace app {
	
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

}

export namespace portal {
	
	export class ArticleSummary {
	    id: string;
	    sourceId: string;
	    locale: string;
	    title: string;
	    summary: string;
	    categoryId?: string;
	    categoryPath: string;
	    tags: string[];
	    // Go type: time
	    publishedAt: any;
	    // Go type: time
	    updatedAt: any;
	
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
	        this.publishedAt = this.convertValues(source["publishedAt"], null);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
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
	    // Go type: time
	    publishedAt: any;
	    // Go type: time
	    updatedAt: any;
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
	        this.publishedAt = this.convertValues(source["publishedAt"], null);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
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
	export class SearchHit {
	    id: string;
	    sourceId: string;
	    locale: string;
	    title: string;
	    summary: string;
	    categoryId?: string;
	    categoryPath: string;
	    tags: string[];
	    // Go type: time
	    publishedAt: any;
	    // Go type: time
	    updatedAt: any;
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
	        this.publishedAt = this.convertValues(source["publishedAt"], null);
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	        this.snippet = source["snippet"];
	        this.score = source["score"];
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
	export class SearchQuery {
	    text: string;
	    categoryId?: string;
	    offset: number;
	    limit: number;
	    language?: string;
	
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
	    // Go type: time
	    updatedAt: any;
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
	        this.updatedAt = this.convertValues(source["updatedAt"], null);
	        this.version = source["version"];
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
	
	export class VendorProfile {
	    name: string;
	    productName: string;
	    helpDocumentsUrl: string;
	    portalAccessEmail: string;
	    portalUserLimit: number;
	    maxAttachmentBytes: number;
	    maxAttachments: number;
	
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
	    }
	}

}


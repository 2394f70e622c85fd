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


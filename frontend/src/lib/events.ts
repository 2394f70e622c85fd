import { EventsOn } from '../wailsjs/runtime/runtime';

// The events the Go side sends to the page (runtime.EventsEmit). Their names
// are constants in app/events.go, and a Go test checks that AppEvents below
// lists exactly those names; each payload mirrors the Go type named beside
// it, as encoding/json writes it.

/** syncer.Report: what one sync step, or a whole sync, moved. */
export interface SyncReport {
  pushed: number;
  rejected: number;
  pulled: number;
  articles: number;
  files: number;
  filesFailed: number;
}

/** appstore.Notice: a reply or status change support made to one of the company's cases. */
export interface Notice {
  kind: 'reply' | 'status';
  caseId: string;
  number: number;
  subject: string;
  status?: string;
  author?: string;
}

/** app.TransferProgress: a file on its way to or from the server. */
export interface TransferProgress {
  sha256: string;
  name: string;
  done: number;
  total: number;
}

/** portal.AttachmentProgress: a file being copied into a draft (or a comment's draft). */
export interface AttachmentProgress {
  draftId: string;
  name: string;
  copied: number;
  total: number;
}

/** app.DroppedFiles: files dropped on the window, as tokens, never paths. */
export interface DroppedFiles {
  x: number;
  y: number;
  files: { token: string; name: string }[];
}

/** app.SyncChanged: a sync finished; error is "" when it went through. */
export interface SyncChanged {
  report: SyncReport;
  error: string;
}

/** Every event the Go side sends, by name, with its payload. */
export interface AppEvents {
  'sync:progress': SyncReport;
  'sync:changed': SyncChanged;
  'sync:notices': Notice[] | null;
  'sync:signedout': null;
  'transfer:progress': TransferProgress;
  'attachment:progress': AttachmentProgress;
  'files:dropped': DroppedFiles;
  /** A supportportal:// link reached the app; PasswordLink tells what it asks. */
  'link:opened': null;
}

export type AppEvent = keyof AppEvents;

/**
 * Listens to an event from the Go side and returns the function that stops
 * listening. Without the Wails runtime (unit tests) nothing is ever heard.
 */
export function onEvent<E extends AppEvent>(name: E, listener: (payload: AppEvents[E]) => void): () => void {
  if (!(window as unknown as { runtime?: unknown }).runtime) return () => {};
  return EventsOn(name, listener);
}

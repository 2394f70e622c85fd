// The only module that talks to the Go side. Features import from here (via
// their api/ folders) so that the generated bindings have a single entry.
export * as Go from '../wailsjs/go/app/App';
export type { app, portal } from '../wailsjs/go/models';
export { csvexport, printdoc } from '../wailsjs/go/models';

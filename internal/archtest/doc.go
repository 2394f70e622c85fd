// Package archtest holds the test that keeps the project's packages
// layered: the HTTP API on top of the server's core, one wire package
// that depends on nothing of the project but portal, and an app that
// links no server code. It has no code of its own.
package archtest

// Package syncproto is the wire between the desktop app and the central
// server: the outbox mutations (their kinds, one payload type per kind,
// each with its own Validate), the answers to them, the changes feed and
// its heads, the session, the vendor profile and the knowledge feed.
//
// The app store queues these payloads, the sync engine sends and reads
// them, and the server decodes and answers them, all with the types
// declared here; api/openapi.yaml is checked against them. The JSON names
// never change once shipped: apps and servers of different versions talk
// to each other. The package depends on nothing of the project but portal.
package syncproto

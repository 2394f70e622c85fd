// Package portal holds the domain types and rules of the customer-support
// portal. It has no dependencies on storage, transport or UI so that every
// rule lives in one place and is tested without them.
package portal

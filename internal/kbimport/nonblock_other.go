//go:build !unix

package kbimport

const openNonblock = 0

//go:build unix

package kbimport

import "syscall"

const openNonblock = syscall.O_NONBLOCK

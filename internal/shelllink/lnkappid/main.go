// Command lnkappid prints the AppUserModelID of Windows shortcuts, one
// line each ("" when a shortcut has none), for scripts/test-installer.sh,
// which checks the installer's Start-menu shortcut on Linux.
//
//	go run ./internal/shelllink/lnkappid SHORTCUT.lnk...
package main

import (
	"fmt"
	"os"

	"supportportal/internal/shelllink"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: lnkappid SHORTCUT.lnk...")
		os.Exit(2)
	}
	for _, path := range os.Args[1:] {
		id, err := shelllink.FileAppUserModelID(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "lnkappid:", err)
			os.Exit(1)
		}
		fmt.Println(id)
	}
}

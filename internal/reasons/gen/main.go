// Command gen keeps the error reasons in internal/portal/reasons.go: it
// rewrites reason literals in the Go code to the constants there (declaring
// new ones), moves Reason constants declared elsewhere there, and writes
// frontend/src/lib/reasons.ts. Run from the repository root, or through
// `go generate ./internal/portal`.
package main

import (
	"flag"
	"fmt"
	"os"

	"supportportal/internal/reasons"
)

func main() {
	root := flag.String("root", ".", "the repository root")
	flag.Parse()
	res, err := reasons.Generate(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "reasons:", err)
		os.Exit(1)
	}
	for _, m := range res.Moved {
		fmt.Printf("moved %s\n", m)
	}
	for _, a := range res.Added {
		fmt.Printf("added %s = %q\n", a.Name, a.Value)
	}
	for _, w := range res.Written {
		fmt.Printf("wrote %s\n", w)
	}
	fmt.Printf("%d references rewritten, %d reasons added\n", res.Rewritten, len(res.Added))
}

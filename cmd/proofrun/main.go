// Command proofrun proves Filament/Livewire admin-panel behaviour in a real
// browser. The commands only parse flags and call internal/; see DESIGN.md.
package main

import (
	"fmt"
	"os"

	"github.com/proofrun/proofrun/internal/exitcode"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	err := newRoot().Execute()
	if err != nil && !exitcode.Printed(err) {
		fmt.Fprintln(os.Stderr, "proofrun:", err)
	}
	os.Exit(exitcode.Code(err))
}

package fixtureapp

import (
	"fmt"
	"strings"
)

// FaultNames lists the switchable defects, issue 3's first; unlinked-page
// and existence-leak are issue 18's, for proofrun discover
// (pages_discover.go); secret-echo is issue 14's (pages_secret.go).
var FaultNames = []string{"console-error", "js-exception", "http-500", "livewire-500", "authz-hole-restore", "cross-workspace-leak", "system-panel-open", "modal-mount-side-effect", "first-click-miss", "cancel-side-effect", "stale-executes", "partial-as-success", "credential-leak", "missing-confirmation", "similar-row-names", "unlinked-page", "existence-leak", "secret-echo"}

// faults is the set of switched-on defects.
type faults map[string]bool

// CheckFaults tells whether every name is a fault, listing the valid ones
// when one is not.
func CheckFaults(names []string) error {
	_, err := parseFaults(names)
	return err
}

func parseFaults(names []string) (faults, error) {
	valid := map[string]bool{}
	for _, n := range FaultNames {
		valid[n] = true
	}
	set := faults{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !valid[n] {
			return nil, fmt.Errorf("unknown fault %q (valid: %s)", n, strings.Join(FaultNames, ", "))
		}
		set[n] = true
	}
	return set, nil
}

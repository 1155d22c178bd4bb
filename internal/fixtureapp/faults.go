package fixtureapp

import (
	"fmt"
	"strings"
)

// FaultNames lists the switchable defects, in the order of issue 3.
var FaultNames = []string{"console-error", "js-exception", "http-500", "livewire-500", "authz-hole-restore", "cross-workspace-leak", "system-panel-open", "modal-mount-side-effect", "first-click-miss", "cancel-side-effect", "stale-executes", "partial-as-success", "credential-leak", "missing-confirmation"}

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

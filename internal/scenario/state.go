package scenario

// StateOf is the proof state an expected status shows (a matrix case's
// state), "" when none follows; proofrun discover files its cells by it, in
// domains that are states themselves (cross-workspace, system-denied).
func StateOf(status int, domain string) string {
	return derivedState(status, domain, []string{domain})
}

// Package redact removes secrets (actor passwords, {{ secret.X }} values) from
// everything proofrun writes: logs, step text, reports, proof rows.
package redact

import (
	"sort"
	"strings"
	"sync"
)

// Mask replaces a secret wherever it would be written.
const Mask = "[REDACTED]"

// Redactor knows the run's secrets. The zero value is ready; it is safe for
// concurrent use, since secrets are learnt while workers write.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string
	r       *strings.Replacer
}

// Add registers secrets; empty strings and very short ones (which would mask
// ordinary words) are ignored.
func (x *Redactor) Add(secrets ...string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, s := range secrets {
		if len(s) < 3 || contains(x.secrets, s) {
			continue
		}
		x.secrets = append(x.secrets, s)
	}
	// Longest first, so a secret that contains another is masked whole.
	sort.Slice(x.secrets, func(i, j int) bool { return len(x.secrets[i]) > len(x.secrets[j]) })
	pairs := make([]string, 0, 2*len(x.secrets))
	for _, s := range x.secrets {
		pairs = append(pairs, s, Mask)
	}
	x.r = strings.NewReplacer(pairs...)
}

// Secrets lists the known secrets, longest first (the order to mask them in).
func (x *Redactor) Secrets() []string {
	if x == nil {
		return nil
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	return append([]string(nil), x.secrets...)
}

// String returns s with every known secret masked.
func (x *Redactor) String(s string) string {
	if x == nil {
		return s
	}
	x.mu.RLock()
	r := x.r
	x.mu.RUnlock()
	if r == nil {
		return s
	}
	return r.Replace(s)
}

// Bytes is String for byte slices.
func (x *Redactor) Bytes(b []byte) []byte {
	if x == nil {
		return b
	}
	return []byte(x.String(string(b)))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

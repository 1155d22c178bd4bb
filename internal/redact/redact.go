// Package redact removes secrets (actor passwords, {{ secret.X }} values) from
// everything proofrun writes: logs, step text, reports, proof rows, and (via
// Pattern) the text of a page before it is captured.
//
// A secret is matched in its literal form and in the encodings a page, a
// server or proofrun's own formatting can give it: Go quoting (%q, %+q),
// JSON and JavaScript string escapes, HTML character references, URL
// percent-encoding (%20 and + for a space) and base64 (see Forms for what
// is covered of an embedded base64 secret). Redact after all formatting and
// before any truncation: a secret cut in two no longer matches.
package redact

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// Mask replaces a secret wherever it would be written.
const Mask = "[REDACTED]"

// minSecret is the shortest secret redacted: shorter ones would mask
// ordinary words.
const minSecret = 3

// minBase64 is the shortest base64 fragment matched (six bytes of the
// secret): shorter fragments would mask ordinary text.
const minBase64 = 8

// Redactor knows the run's secrets. The zero value is ready; it is safe for
// concurrent use, since secrets are learnt while workers write.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string
	pattern string
	re      *regexp.Regexp
}

// Add registers secrets; empty strings and very short ones are ignored.
func (x *Redactor) Add(secrets ...string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	changed := false
	for _, s := range secrets {
		if len(s) < minSecret || contains(x.secrets, s) {
			continue
		}
		x.secrets = append(x.secrets, s)
		changed = true
	}
	if !changed {
		return
	}
	// Longest first, so a secret that contains another is masked whole.
	sort.Slice(x.secrets, func(i, j int) bool { return len(x.secrets[i]) > len(x.secrets[j]) })
	alts := make([]string, 0, len(x.secrets))
	for _, s := range x.secrets {
		alts = append(alts, secretPattern(s))
	}
	x.pattern = strings.Join(alts, "|")
	// The pattern is built from escaped parts only, so it always compiles.
	x.re = regexp.MustCompile(x.pattern)
}

// Secrets lists the known secrets, longest first.
func (x *Redactor) Secrets() []string {
	if x == nil {
		return nil
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	return append([]string(nil), x.secrets...)
}

// Pattern is the regular expression String masks, written in the syntax
// both Go's regexp and JavaScript's RegExp (without flags) read the same
// way, so a page's text is masked by the same rule; "" with no secrets.
func (x *Redactor) Pattern() string {
	if x == nil {
		return ""
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.pattern
}

// String returns s with every form of every known secret masked.
func (x *Redactor) String(s string) string {
	if x == nil {
		return s
	}
	x.mu.RLock()
	re := x.re
	x.mu.RUnlock()
	if re == nil {
		return s
	}
	return re.ReplaceAllLiteralString(s, Mask)
}

// Bytes is String for byte slices.
func (x *Redactor) Bytes(b []byte) []byte {
	if x == nil {
		return b
	}
	return []byte(x.String(string(b)))
}

// secretPattern matches s with each character in any of its encodings (so
// a mix, as a page may produce, matches too), or one of its base64 forms.
func secretPattern(s string) string {
	var b strings.Builder
	b.WriteString("(?:")
	for _, r := range s {
		b.WriteString(runePattern(r))
	}
	for _, f := range base64Forms(s) {
		b.WriteString("|")
		b.WriteString(literal(f))
	}
	b.WriteString(")")
	return b.String()
}

// runePattern is the alternatives for one character: escapes first, so the
// longest encoding wins (a JSON \" is masked whole, never half), the
// character itself last. Escapes may be nested (%q of JSON text gives \\\",
// an HTML-escaped entity &amp;quot;, a URL encoded twice %2522): any run of
// backslashes, "amp;" or "25" before an escape is part of it.
func runePattern(r rune) string {
	const bs = `\x5c+`
	var alts []string
	if r == '\\' {
		alts = append(alts, bs)
	} else if e, ok := shortEscapes[r]; ok {
		alts = append(alts, bs+literal(e))
	}
	// JSON, JavaScript and Go \u escapes, by UTF-16 code unit.
	units := []rune{r}
	if r > 0xFFFF {
		a, b := utf16.EncodeRune(r)
		units = []rune{a, b}
		alts = append(alts, bs+"U"+hex(fmt.Sprintf("%08x", r)), bs+`u\{`+hex(fmt.Sprintf("%x", r))+`\}`)
	}
	u := ""
	for _, c := range units {
		u += bs + "u" + hex(fmt.Sprintf("%04x", c))
	}
	alts = append(alts, u)
	if r < 0x100 {
		alts = append(alts, bs+"x"+hex(fmt.Sprintf("%02x", r)))
	}
	// HTML character references.
	refs := []string{fmt.Sprintf("#0*%d", r), "#[xX]0*" + hex(fmt.Sprintf("%x", r))}
	if e, ok := entities[r]; ok {
		refs = append(refs, e)
	}
	alts = append(alts, "&(?:amp;|AMP;)*(?:"+strings.Join(refs, "|")+");")
	// URL percent-encoding of the UTF-8 bytes, and + for a space.
	var buf [utf8.UTFMax]byte
	pct := ""
	for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
		pct += "%(?:25)*" + hex(fmt.Sprintf("%02x", c))
	}
	alts = append(alts, pct)
	if r == ' ' {
		alts = append(alts, `\x2b`, "%(?:25)*2[bB]")
	}
	alts = append(alts, literal(string(r)))
	return "(?:" + strings.Join(alts, "|") + ")"
}

// shortEscapes are the one-letter escapes (after the backslash) of Go, JSON
// and JavaScript strings.
var shortEscapes = map[rune]string{
	'"': `"`, '/': `/`, '\'': `'`, '\n': `n`, '\r': `r`, '\t': `t`,
	'\b': `b`, '\f': `f`, '\a': `a`, '\v': `v`,
}

// entities are the named HTML character references a serializer or a
// template engine writes.
var entities = map[rune]string{
	'&': "amp|AMP", '<': "lt|LT", '>': "gt|GT", '"': "quot|QUOT", '\'': "apos", '\u00a0': "nbsp",
}

// hex matches the hex digits h in either case.
func hex(h string) string {
	var b strings.Builder
	for _, c := range h {
		if c >= 'a' && c <= 'f' {
			fmt.Fprintf(&b, "[%c%c]", c, c-'a'+'A')
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// literal escapes s for Go's and JavaScript's regular expressions alike:
// letters, digits and non-ASCII stand for themselves, other ASCII as \xHH.
func literal(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c >= utf8.RuneSelf:
			b.WriteRune(c)
		default:
			fmt.Fprintf(&b, `\x%02x`, c)
		}
	}
	return b.String()
}

// base64Forms are the base64 strings that betray s: its whole encoding in
// both alphabets, padded and not, and, for s embedded in a longer encoded
// text, the part of the encoding that depends on s alone. Where s starts
// at byte k of a 3-byte group, the first (3-k)%3 bytes of s share a group
// with what precedes it and its last bytes may share one with what follows,
// so what is stable is the encoding of the whole groups in between. Those
// fragments are kept when at least minBase64 characters long; up to two
// bytes of s at each end, mixed with their neighbours, stay encoded.
func base64Forms(s string) []string {
	var out []string
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		out = append(out, enc.EncodeToString([]byte(s)), enc.WithPadding(base64.NoPadding).EncodeToString([]byte(s)))
		for _, skip := range []int{0, 2, 1} {
			if len(s)-skip < 6 {
				continue
			}
			inner := s[skip : skip+(len(s)-skip)/3*3]
			if f := enc.EncodeToString([]byte(inner)); len(f) >= minBase64 {
				out = append(out, f)
			}
		}
	}
	return dedupe(out)
}

// Forms lists the concrete encodings of secret that String masks: the
// literal, Go-quoted (strconv.Quote and QuoteToASCII, without the quotes;
// %q of a text holding the secret holds this), JSON-escaped (with and
// without HTML escaping), HTML-escaped (html.EscapeString's and PHP
// htmlspecialchars' references), URL-encoded (path %20 and query + forms)
// and base64 (see base64Forms). Tests and scans use it to look for leaks;
// String matches more (any mix of these per character).
func Forms(secret string) []string {
	out := []string{secret}
	out = append(out, quoted(secret)...)
	out = append(out, htmlForms(secret)...)
	out = append(out, urlForms(secret)...)
	out = append(out, base64Forms(secret)...)
	return dedupe(out)
}

func dedupe(list []string) []string {
	var out []string
	for _, s := range list {
		if s != "" && !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Clip redacts s, then cuts it to n runes with an ellipsis: redaction must
// come first, or a secret cut in two would no longer match and half of it
// would be shown.
func (x *Redactor) Clip(s string, n int) string {
	s = x.String(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

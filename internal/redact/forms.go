package redact

import (
	"bytes"
	"encoding/json"
	"html"
	"net/url"
	"strconv"
	"strings"
)

// quoted are the Go and JSON string forms of s, without their quotes.
func quoted(s string) []string {
	out := []string{unquote(strconv.Quote(s)), unquote(strconv.QuoteToASCII(s))}
	for _, escapeHTML := range []bool{true, false} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(escapeHTML)
		// A string always encodes.
		_ = enc.Encode(s)
		out = append(out, unquote(strings.TrimSuffix(b.String(), "\n")))
	}
	return out
}

func unquote(q string) string { return q[1 : len(q)-1] }

// htmlForms are s escaped by Go's html package and by PHP's
// htmlspecialchars (Laravel's e() and Blade's {{ }}).
var phpEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#039;")

func htmlForms(s string) []string {
	return []string{html.EscapeString(s), phpEscaper.Replace(s)}
}

// urlForms are s percent-encoded as a path segment (%20) and as a query
// value (+).
func urlForms(s string) []string {
	return []string{url.PathEscape(s), url.QueryEscape(s)}
}

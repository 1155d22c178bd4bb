package redact_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/redact"
)

// secret has a character of every class an encoder treats specially: a
// space, a quote, a backslash, HTML and URL metacharacters, non-ASCII.
const secret = `S3cr3t p@ss/w"o\rd<&>'é+`

func redactor(secrets ...string) *redact.Redactor {
	r := &redact.Redactor{}
	r.Add(secrets...)
	return r
}

// noForm fails when s holds any form of secret.
func noForm(s string) {
	GinkgoHelper()
	for _, f := range redact.Forms(secret) {
		Expect(s).NotTo(ContainSubstring(f), "form %q leaked", f)
	}
}

var _ = Describe("Redactor", func() {
	r := redactor(secret)

	jsonString := func(escapeHTML bool) string {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(escapeHTML)
		Expect(enc.Encode(map[string]string{"password": secret})).To(Succeed())
		return b.String()
	}

	DescribeTable("masks every encoding of a secret inside a longer text",
		func(text string) {
			out := r.String(text)
			Expect(out).To(ContainSubstring(redact.Mask))
			noForm(out)
		},
		Entry("literal", "password is "+secret+"!"),
		Entry("Go %q of a text holding it", fmt.Sprintf("%q is not on the page", "login as "+secret)),
		Entry("Go %+q (ASCII only)", fmt.Sprintf("%+q", "login as "+secret)),
		Entry("strconv.Quote", strconv.Quote(secret)),
		Entry("JSON, HTML-escaped (Go's json)", jsonString(true)),
		Entry("JSON, not HTML-escaped (JSON.stringify)", jsonString(false)),
		Entry("HTML, html.EscapeString", "<b>"+html.EscapeString(secret)+"</b>"),
		Entry("HTML, htmlspecialchars", `<input value="S3cr3t p@ss/w&quot;o\rd&lt;&amp;&gt;&#039;é+">`),
		Entry("HTML, numeric references", "S3cr3t&#32;p&#x40;ss/w&#x22;o\\rd&#60;&#38;&#62;&#39;&#233;&#43;"),
		Entry("URL path (%20)", "http://127.0.0.1/echo/"+url.PathEscape(secret)+"/x"),
		Entry("URL query (+)", "http://127.0.0.1/echo?pw="+url.QueryEscape(secret)+"&x=1"),
		Entry("URL, lower-case hex", "/echo?pw="+regexp.MustCompile(`%[0-9A-F]{2}`).ReplaceAllStringFunc(url.QueryEscape(secret), strings.ToLower)),
		Entry("Go %q of JSON text (nested escapes)", fmt.Sprintf("it holds %q", jsonString(true))),
		Entry("HTML-escaped twice", "<p>"+html.EscapeString(html.EscapeString(secret))+"</p>"),
		Entry("URL-encoded twice", "/next?u="+url.QueryEscape("/echo?pw="+url.QueryEscape(secret))),
		Entry("base64, whole", base64.StdEncoding.EncodeToString([]byte(secret))),
		Entry("base64 URL alphabet, whole", base64.URLEncoding.EncodeToString([]byte(secret))),
		Entry("base64 without padding", base64.RawStdEncoding.EncodeToString([]byte(secret))),
	)

	It("lists each form once, starting with the literal", func() {
		forms := redact.Forms(secret)
		Expect(forms[0]).To(Equal(secret))
		Expect(forms).To(ContainElements(
			strconv.Quote(secret)[1:len(strconv.Quote(secret))-1],
			html.EscapeString(secret), url.PathEscape(secret), url.QueryEscape(secret),
			base64.StdEncoding.EncodeToString([]byte(secret)), base64.URLEncoding.EncodeToString([]byte(secret)),
		))
		seen := map[string]bool{}
		for _, f := range forms {
			Expect(seen[f]).To(BeFalse(), f)
			seen[f] = true
			Expect(r.String("<"+f+">")).To(Equal("<"+redact.Mask+">"), "form %q", f)
		}
	})

	It("masks base64 of a secret embedded at each alignment, in both alphabets", func() {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			for k := range 3 {
				text := `{"user":"owner"}` + strings.Repeat("x", k) + secret + `{"end":true}`
				out := r.String("token=" + enc.EncodeToString([]byte(text)))
				Expect(out).To(ContainSubstring(redact.Mask), "alignment %d", k)
				noForm(out)
			}
		}
	})

	It("leaves text without a secret alone", func() {
		text := `S3cr3t p@ss/w"o\rd<&> is close but not it; "quoted" & <b>escaped</b> %20 +`
		Expect(r.String(text)).To(Equal(text))
	})

	It("masks a secret that contains another whole", func() {
		r := redactor("hunter2", "xhunter2x")
		Expect(r.String("a xhunter2x b hunter2")).To(Equal("a [REDACTED] b [REDACTED]"))
	})

	It("ignores empty and very short secrets", func() {
		r := redactor("", "ab")
		Expect(r.String("ab cd")).To(Equal("ab cd"))
		Expect(r.Pattern()).To(BeEmpty())
	})

	It("is a no-op when nil or without secrets", func() {
		var nilR *redact.Redactor
		Expect(nilR.String("x")).To(Equal("x"))
		Expect((&redact.Redactor{}).String("x")).To(Equal("x"))
	})

	It("gives a pattern JavaScript reads like Go: only portable syntax", func() {
		// No Go-only syntax: \x{...}, named classes, flags, \Q...\E.
		Expect(r.Pattern()).NotTo(MatchRegexp(`\\x\{|\\[pPQEzA]|\(\?[imsU]|\[\[:`))
		Expect(regexp.MustCompile(r.Pattern()).MatchString(secret)).To(BeTrue())
	})
})

package profile_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/profile"
)

// page is a small panel page: Filament markup and Livewire's script tag
// with the given attributes.
func page(script string) string {
	return `<!DOCTYPE html><html><body class="fi-body"><main class="fi-simple-main"><form><label>Email address</label><input type="email"></form></main>` +
		`<script src="/livewire/livewire.js" data-csrf="tok" ` + script + `></script></body></html>`
}

var _ = Describe("Named", func() {
	It("knows Filament 4 and 5, which share the DOM and differ in Livewire's endpoint", func() {
		Expect(profile.Names()).To(Equal([]string{"filament4", "filament5"}))
		f4, err := profile.Named("filament4")
		Expect(err).NotTo(HaveOccurred())
		f5, err := profile.Named("filament5")
		Expect(err).NotTo(HaveOccurred())
		Expect(f4.DOM).To(Equal(f5.DOM))
		Expect(f4.Livewire.UpdatePath.MatchString("/livewire/update")).To(BeTrue())
		Expect(f5.Livewire.UpdatePath.MatchString("/livewire-3f9a0b12/update")).To(BeTrue())
		Expect(f4.Livewire.UpdatePath.MatchString("/livewire-3f9a0b12/update")).To(BeFalse())
	})

	It("refuses an unknown name, listing the known ones", func() {
		_, err := profile.Named("nova")
		Expect(err).To(MatchError(`unknown profile "nova" (one of: auto, filament4, filament5)`))
	})

	It("gives the scripts every selector, none empty", func() {
		var script map[string]any
		Expect(json.Unmarshal([]byte(profile.Default().Script()), &script)).To(Succeed())
		Expect(script).To(HaveKeyWithValue("row", ".fi-ta-row, .fi-ta-record"))
		Expect(script).To(HaveKeyWithValue("component", `[wire\:snapshot]`))
		for k, v := range script {
			Expect(v).NotTo(BeEmpty(), k)
		}
		Expect(script).To(HaveLen(reflect.TypeOf(profile.DOM{}).NumField() + 9)) // the Livewire fields the scripts read
	})
})

var _ = Describe("Detect", func() {
	DescribeTable("tells the profile from a page",
		func(html, name, how string) {
			n, h := profile.Detect(html)
			Expect(n).To(Equal(name))
			Expect(h).To(ContainSubstring(how))
		},
		Entry("Livewire 4's module URL", page(`data-module-url="/livewire-3f9a0b12" data-update-uri="/livewire-3f9a0b12/update"`), "filament5", "data-module-url"),
		Entry("Livewire 4's endpoint", page(`data-update-uri="http://x.test/livewire-3f9a0b12/update"`), "filament5", "/livewire-3f9a0b12/update"),
		Entry("Livewire 3's endpoint", page(`data-update-uri="/livewire/update"`), "filament4", "/livewire/update"),
		Entry("livewireScriptConfig instead of the script tag",
			`<body class="fi-body"><script>window.livewireScriptConfig = {"csrf":"t","uri":"\/livewire\/update","progressBar":""};</script>`, "filament4", "/livewire/update"),
		Entry("a custom endpoint", page(`data-update-uri="/admin/lw/update"`), "", "no version's default"),
		Entry("no endpoint", page(``), "", "names no Livewire update endpoint"),
		Entry("not Filament", `<html><body><form></form><script data-update-uri="/livewire/update"></script></body></html>`, "", "no Filament markup"),
	)
})

var _ = Describe("Resolve", func() {
	serve := func(body string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, body) }))
		DeferCleanup(srv.Close)
		return srv.URL + "/admin/login"
	}

	It("takes a named profile as it is, without asking the page", func() {
		p, note, err := profile.Resolve(context.Background(), "filament4", "http://127.0.0.1:1/never")
		Expect(err).NotTo(HaveOccurred())
		Expect(p.Name).To(Equal("filament4"))
		Expect(note).To(BeEmpty())
	})

	It("detects the profile of the login page (auto)", func() {
		p, note, err := profile.Resolve(context.Background(), profile.Auto, serve(page(`data-update-uri="/livewire/update"`)))
		Expect(err).NotTo(HaveOccurred())
		Expect(p.Name).To(Equal("filament4"))
		Expect(note).To(BeEmpty())
	})

	It("falls back to filament5 with a note when the page does not tell", func() {
		p, note, err := profile.Resolve(context.Background(), profile.Auto, serve("<html>plain</html>"))
		Expect(err).NotTo(HaveOccurred())
		Expect(p.Name).To(Equal("filament5"))
		Expect(note).To(Equal("target profile filament5: auto-detection could not tell (the page shows no Filament markup)"))
	})

	It("falls back with a note when the page does not answer", func() {
		p, note, err := profile.Resolve(context.Background(), profile.Auto, "http://127.0.0.1:1/admin/login")
		Expect(err).NotTo(HaveOccurred())
		Expect(p.Name).To(Equal("filament5"))
		Expect(note).To(ContainSubstring("did not answer"))
	})
})

// The page scripts hold no kit knowledge of their own: every Filament
// class, Livewire attribute and kit text comes from the profile.
var _ = Describe("the page scripts", func() {
	scripts := []string{"../driver/dom.js", "../driver/discover.js", "../monitor/page.js"}
	literal := regexp.MustCompile(`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|` + "`(?:[^`\\\\]|\\\\.)*`")
	// The kinds page.js reports are the monitor's vocabulary (finding
	// kinds), not the kit's, though one is named like Livewire's dialog.
	kinds := regexp.MustCompile(`send\('[a-z-]+'`)
	// Comments go first: their apostrophes are not quotes.
	comments := regexp.MustCompile(`(?s:/\*.*?\*/)|(?m:(^|\s)//.*$)`)
	literals := func(file string) []string {
		src, err := os.ReadFile(file)
		Expect(err).NotTo(HaveOccurred())
		code := comments.ReplaceAllString(kinds.ReplaceAllString(string(src), "send(kind"), "")
		return literal.FindAllString(code, -1)
	}

	It("quote no Filament class, Livewire attribute or ARIA role", func() {
		Expect(literals("../driver/dom.js")).To(ContainElement("'exact'"), "the scan reads the scripts' literals")
		kit := regexp.MustCompile(`\bfi-|wire\\*:|data-|livewire|\[role=`)
		for _, file := range scripts {
			for _, lit := range literals(file) {
				Expect(kit.MatchString(lit)).To(BeFalse(), "%s quotes %s: take it from the profile", file, lit)
			}
		}
	})

	It("quote none of the profile's values", func() {
		var script map[string]any
		Expect(json.Unmarshal([]byte(profile.Default().Script()), &script)).To(Succeed())
		values := map[string][]string{} // every value of a list counts
		for key, v := range script {
			switch v := v.(type) {
			case string:
				values[key] = []string{v}
			case []any:
				for _, e := range v {
					values[key] = append(values[key], fmt.Sprint(e))
				}
			}
		}
		for _, file := range scripts {
			for _, lit := range literals(file) {
				body := strings.ReplaceAll(lit[1:len(lit)-1], `\\`, `\`)
				for key, vs := range values {
					Expect(vs).NotTo(ContainElement(body), "%s quotes the profile's %s", file, key)
				}
			}
		}
	})
})

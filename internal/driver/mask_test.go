package driver_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/chromium"
	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
)

// maskSecret has a space and URL metacharacters, so its encoded forms
// differ from it.
const maskSecret = "S3cr3t p@ss/word"

// quotedSecret has what %q escapes: a quote and a backslash.
const quotedSecret = `Lit3ral"Pa55\w0rd`

// hostile pages show the secret (SECRET in a page is replaced by it, or by
// the mask in the reference render) in every way a page can, and try to
// disable a masking script running in the page's own world.
var hostile = map[string]string{
	// Built-ins a page-world script would use, broken.
	"/hostile": `<script>
Array.prototype.reduce = function (f, init) { return init; };
String.prototype.split = function () { return [String(this)]; };
String.prototype.replace = function () { return String(this); };
String.prototype.replaceAll = function () { return String(this); };
RegExp.prototype.test = function () { return false; };
RegExp.prototype.exec = function () { return null; };
window.RegExp = function () { return /(?!)/; };
document.createTreeWalker = function () { return { nextNode: () => null }; };
Object.defineProperty(Node.prototype, 'nodeValue', { get() { return this.data; }, set() {} });
Object.defineProperty(HTMLInputElement.prototype, 'value', { get() { return this.getAttribute('value'); }, set() {} });
</script>` + body,
	"/hostile-masked": body,
	"/frames":         `<p>outer SECRET</p><iframe src="INNER/inner"></iframe><iframe srcdoc="<p>srcdoc SECRET</p>"></iframe>`,
	"/inner":          `<p>inner frame: SECRET</p><input value="SECRET">`,
	"/canvas":         `<p>chart</p><canvas width="200" height="100"></canvas>`,
	"/closed":         `<div id="h"></div><script>document.getElementById('h').attachShadow({mode: 'closed'}).innerHTML = '<p>closed</p>';</script>`,
	"/split":          `<p>S3cr3t p@<b>ss/word</b></p>`,
	// A secret across the 200th character of a failure reason's quote.
	"/long": `<p id="long">` + strings.Repeat("x", 195) + `SECRET</p>`,
	// A secret Go's %q escapes.
	"/quoted": `<p id="quoted">pw: ` + html.EscapeString(quotedSecret) + `</p>`,
	// Puts the secret back as soon as anything changes it.
	"/revert": `<p id="s">SECRET</p><script>const s = document.getElementById('s');
new MutationObserver(() => { if (s.textContent !== 'SECRET') s.textContent = 'SECRET'; }).observe(s, {subtree: true, childList: true, characterData: true});</script>`,
}

// body shows the secret as text, in a field and a placeholder, in an open
// shadow root and in its encoded forms.
var body = `<h1>Echo</h1><p>literal: SECRET</p><input id="f" value="token SECRET"><input placeholder="SECRET">
<p>path: ` + url.PathEscape(maskSecret) + `</p><p>query: ` + url.QueryEscape(maskSecret) + `</p>
<p>base64: ` + base64.StdEncoding.EncodeToString([]byte(maskSecret)) + `</p><p>json: "S3cr3t p@ss\/word"</p>
<div id="host"></div><script>document.getElementById('host').attachShadow({mode: 'open'}).innerHTML = '<p>shadow: SECRET</p>';</script>`

// maskServer serves the hostile pages; INNER in a page is the other
// server's origin. The reference render of page X is X?masked.
func maskServer(inner *string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, ok := hostile[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		with := maskSecret
		if r.URL.Query().Has("masked") {
			with = redact.Mask
			page = strings.ReplaceAll(page, "/inner", "/inner?masked")
			// Every encoded form is masked whole.
			for _, f := range redact.Forms(maskSecret) {
				page = strings.ReplaceAll(page, f, redact.Mask)
			}
			page = strings.ReplaceAll(page, `"S3cr3t p@ss\/word"`, `"`+redact.Mask+`"`)
		}
		page = strings.ReplaceAll(strings.ReplaceAll(page, "SECRET", with), "INNER", *inner)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><html><head><style>body{font:16px sans-serif} iframe{width:400px;height:120px}</style></head><body>%s</body></html>", page)
	}))
}

var _ = Describe("Screenshot masking", Ordered, func() {
	var (
		outer, other *httptest.Server
		innerOrigin  string
		b            *driver.Browser
	)
	BeforeAll(func() {
		other = maskServer(&innerOrigin)
		outer = maskServer(&innerOrigin)
		innerOrigin = other.URL // another port: cross-origin
		DeferCleanup(other.Close)
		DeferCleanup(outer.Close)
		red := &redact.Redactor{}
		red.Add(maskSecret, quotedSecret)
		// Masking every frame takes round trips: a busy machine needs more
		// than the suite's step timeout.
		b = browser.With(func(o *driver.Options) { o.Redactor = red; o.StepTimeout = 30 * time.Second })
	})

	// shoot visits page on br and returns its screenshot and the evidence.
	shoot := func(br *driver.Browser, page string) ([]byte, []string) {
		GinkgoHelper()
		out, art := run(scen("", visit(outer.URL+page), step("screenshot", &driver.ScreenshotArgs{Name: "page"}, "page")), br)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(art.pngs).To(HaveLen(1))
		return art.pngs[0], art.names
	}
	// masked expects page's screenshot to be the render of the page with the
	// mask written in.
	masked := func(br *driver.Browser, page string) {
		GinkgoHelper()
		got, names := shoot(br, page)
		want, _ := shoot(br, page+"?masked")
		_ = os.WriteFile("/tmp/got.png", got, 0o644)
		_ = os.WriteFile("/tmp/want.png", want, 0o644)
		Expect(names).To(Equal([]string{"page"}))
		Expect(got).To(Equal(want), "the screenshot differs from the page with the secret masked")
	}
	// withheld expects page's screenshot to be the placeholder saying why.
	withheld := func(page, why string) {
		GinkgoHelper()
		got, names := shoot(b, page)
		Expect(names).To(Equal([]string{"page-withheld"}))
		Expect(got).To(Equal(driver.Placeholder(why)))
	}

	It("masks every form, fields and open shadow roots, from an isolated world the page cannot break", func() {
		masked(b, "/hostile-masked")
		masked(b, "/hostile")
	})

	It("masks cross-origin and srcdoc frames", func() {
		masked(b, "/frames")
	})

	It("puts the page back after the capture", func() {
		out, _ := run(scen("", visit(outer.URL+"/hostile"), step("screenshot", &driver.ScreenshotArgs{Name: "page"}, "page"),
			see("literal: "+maskSecret)), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})

	It("withholds a page with a canvas", func() {
		withheld("/canvas", "the page shows a canvas, whose pixels cannot be masked")
	})

	It("withholds a page with a closed shadow root", func() {
		withheld("/closed", "the page has a closed shadow root, whose text cannot be masked")
	})

	It("withholds a page that shows a secret split across elements", func() {
		withheld("/split", "a secret is split across elements, which cannot be masked")
	})

	It("withholds a page that puts the secret back after masking", func() {
		withheld("/revert", "the page put a secret back after it was masked")
	})

	It("takes a canvas page as is when no secret is known", func() {
		got, names := shoot(browser.With(func(o *driver.Options) {
			o.Redactor, o.Actors, o.StepTimeout = &redact.Redactor{}, nil, 30*time.Second
		}), "/canvas")
		Expect(names).To(Equal([]string{"page"}))
		Expect(got).NotTo(Equal(driver.Placeholder("the page shows a canvas, whose pixels cannot be masked")))
	})

	// seeIn fails on b with a reason that quotes the text of selector on page.
	seeIn := func(page, selector string) string {
		GinkgoHelper()
		fast := b.With(func(o *driver.Options) { o.StepTimeout = 10 * time.Second })
		out, _ := run(scen("", visit(outer.URL+page), step("see_in", &driver.SeeInArgs{Selector: selector, Text: "absent"}, "absent")), fast)
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(ContainSubstring("(it holds "))
		return out.Reason
	}

	It("redacts a failure reason before cutting it: a secret across the cut is not half shown", func() {
		reason := seeIn("/long", "#long")
		Expect(reason).To(ContainSubstring(strings.Repeat("x", 195)))
		Expect(reason).NotTo(ContainSubstring("S3cr"))
	})

	It("redacts a secret quoted by %q in a failure reason", func() {
		reason := seeIn("/quoted", "#quoted")
		Expect(reason).To(ContainSubstring(`pw: ` + redact.Mask))
		for _, f := range redact.Forms(quotedSecret) {
			Expect(reason).NotTo(ContainSubstring(f))
		}
		Expect(reason).NotTo(ContainSubstring("Lit3ral"))
	})

	Context("with site isolation", func() {
		It("masks an out-of-process (cross-site) frame", func() {
			l := chromium.Launcher(chromium.Bin).NoSandbox(os.Geteuid() == 0).
				Delete("disable-features").Delete("disable-site-isolation-trials").Set("site-per-process")
			u, err := l.Launch()
			Expect(err).NotTo(HaveOccurred())
			DeferCleanup(func() { l.Kill(); l.Cleanup() })
			isolated, err := driver.Launch(context.Background(), driver.Options{
				Browser:     config.Browser{RemoteURL: u, Width: 1280, Height: 800},
				StepTimeout: 10 * time.Second, ScenarioTimeout: time.Minute,
				Redactor: func() *redact.Redactor { r := &redact.Redactor{}; r.Add(maskSecret); return r }(),
			})
			Expect(err).NotTo(HaveOccurred())
			DeferCleanup(isolated.Close)
			// localhost is another site than 127.0.0.1: the frame gets its
			// own process and target.
			innerOrigin = strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
			DeferCleanup(func() { innerOrigin = other.URL })
			Expect(oopifs(u, outer.URL+"/frames")).To(Equal(1), "the test needs an out-of-process frame")
			masked(isolated, "/frames")
		})
	})
})

// oopifs opens page in the browser at controlURL and counts its
// out-of-process frames.
func oopifs(controlURL, page string) int {
	GinkgoHelper()
	br := rod.New().ControlURL(controlURL)
	Expect(br.Connect()).To(Succeed())
	p, err := br.Page(proto.TargetCreateTarget{URL: page})
	Expect(err).NotTo(HaveOccurred())
	defer func() { _ = p.Close() }()
	Expect(p.WaitLoad()).To(Succeed())
	n := 0
	Eventually(func() int {
		targets, err := proto.TargetGetTargets{}.Call(br)
		Expect(err).NotTo(HaveOccurred())
		n = 0
		for _, t := range targets.TargetInfos {
			if t.Type == "iframe" {
				n++
			}
		}
		return n
	}).Should(BeNumerically(">", 0))
	return n
}

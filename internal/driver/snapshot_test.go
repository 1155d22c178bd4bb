package driver_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
)

// snapSecret is the secret the rebuilt pages show.
const snapSecret = "Sn4p-s3cret-t0ken"

// snapPages are the pages of the rebuilt-screenshot tests. SECRET is
// replaced by the secret, or by the mask in the reference render (?masked).
var snapPages = map[string]string{
	// Form state that lives in properties, and a scrolled page.
	"/form": `<label>Name <input id="name"></label>
<label><input type="checkbox" id="agree"> Agree</label>
<label>Tier <select id="tier"><option>Free</option><option>Pro</option></select></label>
<label>Note <textarea id="note"></textarea></label>
<div style="height:1500px;background:linear-gradient(#fff,#9cf)"></div><a id="end" href="#end">End of the form</a>`,
	"/secret": `<h1>Provider</h1><p>token: SECRET</p><input value="key SECRET">`,
	// A script and an image, each counted by the server.
	"/live": `<h1>Live</h1><img src="/img" width="20" height="20"><script>fetch('/ran')</script>`,
}

var _ = Describe("Rebuilt step screenshots (trace on-failure)", Ordered, func() {
	var (
		srv    *httptest.Server
		mu     sync.Mutex
		hits   map[string]int
		secret *driver.Browser
	)
	count := func(path string) int {
		mu.Lock()
		defer mu.Unlock()
		return hits[path]
	}
	BeforeAll(func() {
		hits = map[string]int{}
		srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			hits[r.URL.Path]++
			mu.Unlock()
			w.Header().Set("Cache-Control", "no-store")
			switch r.URL.Path {
			case "/img":
				w.Header().Set("Content-Type", "image/png")
				_, _ = w.Write(driver.Placeholder("x"))
				return
			case "/ran":
				return
			}
			page, ok := snapPages[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			with := snapSecret
			if r.URL.Query().Has("masked") {
				with = redact.Mask
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<!doctype html><html><head><link rel=stylesheet href=\"data:text/css,h1{color:%%23c30}\"><style>body{font:16px sans-serif}</style></head><body>%s</body></html>",
				strings.ReplaceAll(page, "SECRET", with))
		}))
		DeferCleanup(srv.Close)
		red := &redact.Redactor{}
		red.Add(snapSecret)
		secret = browser.With(func(o *driver.Options) { o.Redactor = red })
	})
	traced := func(b *driver.Browser) *driver.Browser {
		return b.With(func(o *driver.Options) { o.Trace = driver.TraceOn })
	}
	absent := assert("1 == 2") // fails at once

	It("rebuilds the page after each passed step of a failed scenario as the live capture shows it", func() {
		sc := scen("",
			visit(srv.URL+"/form"),
			step("fill", &driver.FillArgs{Selector: "#name", Value: "Ada Lovelace"}, "Ada Lovelace"),
			step("check", &driver.CheckArgs{Selector: "#agree"}, "#agree"),
			step("select", &driver.SelectArgs{Selector: "#tier", Value: "Pro"}, "Pro"),
			step("fill", &driver.FillArgs{Selector: "#note", Value: "two\nlines"}, "note"),
			absent)
		out, art := run(sc)
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(art.names).To(ConsistOf("step-01", "step-02", "step-03", "step-04", "step-05", "failure"), "%v", out.Events)
		for _, st := range out.Steps[:5] {
			Expect(st.Rebuilt).To(BeTrue(), st.Text)
		}
		Expect(out.Steps[5].Rebuilt).To(BeFalse(), "the failure screenshot is a live capture")

		live, liveArt := run(sc, traced(browser))
		Expect(live.Result).To(Equal(proof.Failed))
		for i := range 5 {
			Expect(shot(art, i)).To(Equal(shot(liveArt, i)), "step %d rebuilt differs from the live capture", i+1)
		}
	})

	It("keeps the place the page was scrolled to", func() {
		sc := scen("", visit(srv.URL+"/form"), step("click", &driver.ClickArgs{Text: "End of the form"}, "End"), absent)
		out, art := run(sc)
		Expect(out.Result).To(Equal(proof.Failed))
		live, liveArt := run(sc, traced(browser))
		Expect(live.Result).To(Equal(proof.Failed))
		Expect(shot(art, 1)).To(Equal(shot(liveArt, 1)), "the rebuilt page is not where the live one was scrolled")
		Expect(shot(art, 0)).NotTo(Equal(shot(art, 1)))
	})

	It("masks the secrets the page showed", func() {
		out, art := run(scen("", visit(srv.URL+"/secret"), absent), secret)
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(art.names).To(ConsistOf("step-01", "failure"))
		_, ref := run(scen("", visit(srv.URL+"/secret?masked"), absent), traced(secret))
		Expect(shot(art, 0)).To(Equal(shot(ref, 0)), "the rebuilt screenshot differs from the page with the secret masked")
	})

	It("neither loads nor runs anything on the live page, and runs no script when rebuilding", func() {
		out, art := run(scen("", visit(srv.URL+"/live"), see("Live"), dontSee("Gone")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(art.names).To(BeEmpty(), "a passed scenario keeps nothing with on-failure")
		Expect(count("/img")).To(Equal(1), "a snapshot loaded the page's image again")
		Expect(count("/ran")).To(Equal(1))

		out, art = run(scen("", visit(srv.URL+"/live"), see("Live"), absent))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(art.names).To(ConsistOf("step-01", "failure"), "the look at an unchanged page shares step 1's")
		Expect(out.Steps[1].Screenshot).To(Equal(out.Steps[0].Screenshot))
		Expect(count("/ran")).To(Equal(2), "the rebuilt page ran the page's script")
		Expect(count("/img")).To(Equal(3), "the rebuilt page shows the page's image")
	})
})

// shot is the screenshot art kept after step i (0-based).
func shot(art *shots, i int) []byte {
	GinkgoHelper()
	name := fmt.Sprintf("step-%02d", i+1)
	for j, n := range art.names {
		if n == name {
			return art.pngs[j]
		}
	}
	Fail("no screenshot " + name + " in " + strings.Join(art.names, ", "))
	return nil
}

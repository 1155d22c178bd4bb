package monitor_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/chromium"
)

func TestMonitor(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "Monitor Suite")
}

var (
	browser *rod.Browser
	site    *httptest.Server
)

// One Chromium for the whole suite: a launch costs a second.
var _ = BeforeSuite(func() {
	l := chromium.Launcher(chromium.Bin).NoSandbox(os.Geteuid() == 0).UserDataDir(GinkgoT().TempDir())
	u, err := l.Launch()
	Expect(err).NotTo(HaveOccurred())
	browser = rod.New().ControlURL(u).NoDefaultDevice()
	Expect(browser.Connect()).To(Succeed())
	site = httptest.NewServer(testSite())
	DeferCleanup(func() {
		site.Close()
		_ = browser.Close()
		l.Kill()
		l.Cleanup()
	})
})

// testSite serves testdata/ and a few dynamic answers:
// /status/NNN answers NNN, /livewire-abc/update?status=NNN too, /slow
// answers after a pause (a Livewire update the idle wait must outlast).
func testSite() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir("testdata")))
	status := func(w http.ResponseWriter, code string) {
		n, err := strconv.Atoi(code)
		if err != nil {
			n = http.StatusBadRequest
		}
		http.Error(w, "status "+code, n)
	}
	mux.HandleFunc("/status/", func(w http.ResponseWriter, r *http.Request) {
		status(w, strings.TrimPrefix(r.URL.Path, "/status/"))
	})
	mux.HandleFunc("/livewire-abc/update", func(w http.ResponseWriter, r *http.Request) {
		status(w, r.URL.Query().Get("status"))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		_, _ = w.Write([]byte("after"))
	})
	return mux
}

// newPage opens a blank page in a fresh incognito context, closed after the spec.
func newPage() *rod.Page {
	inc, err := browser.Incognito()
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func() { _ = inc.Close() })
	page, err := inc.Page(proto.TargetCreateTarget{})
	Expect(err).NotTo(HaveOccurred())
	return page
}

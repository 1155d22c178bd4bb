package report_test

import (
	"github.com/go-rod/rod"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/chromium"
)

// startChromium launches Debian's Chromium for the current spec or
// container; it is closed, and its user-data dir removed, with it.
func startChromium() *rod.Browser {
	GinkgoHelper()
	l := chromium.Launcher(chromium.Bin).NoSandbox(true)
	control, err := l.Launch()
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(l.Cleanup) // removes the user-data dir, after Kill
	DeferCleanup(l.Kill)
	b := rod.New().ControlURL(control)
	Expect(b.Connect()).To(Succeed())
	DeferCleanup(b.Close)
	return b
}

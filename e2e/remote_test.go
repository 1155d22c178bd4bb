package e2e_test

import (
	"path/filepath"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/proofrun/proofrun/internal/chromium"
	"github.com/proofrun/proofrun/internal/proof"
)

var _ = Describe("a remote browser", func() {
	It("runs the pack's focused paths in a Chromium started elsewhere, and leaves it running without proofrun's contexts", func() {
		l := chromium.Launcher(chromium.Bin).NoSandbox(true)
		control, err := l.Launch()
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(l.Cleanup)
		DeferCleanup(l.Kill)

		b := rod.New().ControlURL(control)
		Expect(b.Connect()).To(Succeed())
		DeferCleanup(b.Close)
		pagesBefore, err := b.Pages()
		Expect(err).NotTo(HaveOccurred())

		out := filepath.Join(GinkgoT().TempDir(), "run")
		sess := proofrunEnv(project(), []string{"PROOFRUN_BROWSER_REMOTE_URL=" + control},
			"run", "--quiet", "--tag", "smoke", "--out", out)
		Eventually(sess, 5*time.Minute).Should(gexec.Exit(0))
		rows := byScenario(readRows(filepath.Join(out, "proof.jsonl")))
		Expect(len(rows)).To(BeNumerically(">=", 5))
		for id, r := range rows {
			Expect(r.Result).To(Equal(proof.Proven), id)
		}

		pages, err := b.Pages()
		Expect(err).NotTo(HaveOccurred(), "the remote browser is still running")
		Expect(pages).To(HaveLen(len(pagesBefore)), "proofrun closed every page it opened")
		contexts, err := proto.TargetGetBrowserContexts{}.Call(b)
		Expect(err).NotTo(HaveOccurred())
		Expect(contexts.BrowserContextIDs).To(BeEmpty(), "and every incognito context")
	})
})

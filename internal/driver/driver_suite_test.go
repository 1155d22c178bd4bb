package driver_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/redact"
)

func TestDriver(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "Driver Suite")
}

var (
	// browser is the suite's one Chromium. Its step timeout is generous, so
	// a proof holds on a busy machine; a test that expects a step to time
	// out uses brief instead, whose timeout is short to keep the suite fast.
	browser *driver.Browser
	brief   *driver.Browser
	app     *testApp
)

var _ = BeforeSuite(func() {
	app = newTestApp()
	var err error
	browser, err = driver.Launch(context.Background(), driver.Options{
		Browser: config.Browser{Bin: "/usr/bin/chromium", Width: 1280, Height: 800},
		BaseURL: app.URL,
		Panels: map[string]config.Panel{
			"admin": {LoginPath: "/admin/login", HomePath: "/admin"},
			"slow":  {LoginPath: "/slow/login", HomePath: "/hang"},
		},
		Actors: map[string]config.Actor{
			"owner":    {Panel: "admin", Email: "owner@contoso.test", Password: "owner-secret-pw"},
			"slowpoke": {Panel: "slow", Email: "owner@contoso.test", Password: "owner-secret-pw"},
			"readonly": {Panel: "admin", Email: "readonly@contoso.test", Password: "readonly-secret-pw"},
			"intruder": {Panel: "admin", Email: "owner@contoso.test", Password: "wrong-secret-pw"},
		},
		StepTimeout:     20 * time.Second,
		ScenarioTimeout: time.Minute,
		Redactor:        &redact.Redactor{},
	})
	Expect(err).NotTo(HaveOccurred())
	brief = browser.With(func(o *driver.Options) { o.StepTimeout = 3 * time.Second })
	DeferCleanup(func() {
		Expect(browser.Close()).To(Succeed())
		app.Close()
	})
})

// shots is an Artefacts that keeps screenshots and traces in memory.
type shots struct {
	mu     sync.Mutex
	names  []string
	pngs   [][]byte
	traces [][]byte
}

func (s *shots) Trace(record []byte) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.traces = append(s.traces, record)
	return fmt.Sprintf("trace/%d.json", len(s.traces)), nil
}

func (s *shots) Screenshot(name string, png []byte) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.names = append(s.names, name)
	s.pngs = append(s.pngs, png)
	return fmt.Sprintf("screenshots/%d-%s.png", len(s.names), name), nil
}

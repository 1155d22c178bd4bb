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
	browser *driver.Browser // one Chromium for the suite
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
		StepTimeout:     3 * time.Second,
		ScenarioTimeout: 30 * time.Second,
		Redactor:        &redact.Redactor{},
	})
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func() {
		Expect(browser.Close()).To(Succeed())
		app.Close()
	})
})

// shots is an Artefacts that keeps screenshots in memory.
type shots struct {
	mu    sync.Mutex
	names []string
	pngs  [][]byte
}

func (s *shots) Screenshot(name string, png []byte) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.names = append(s.names, name)
	s.pngs = append(s.pngs, png)
	return fmt.Sprintf("screenshots/%d-%s.png", len(s.names), name), nil
}

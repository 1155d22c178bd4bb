package driver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/chromium"
)

// closeWait bounds how long Close waits for Chromium to answer its close;
// exitWait how long it waits for the killed processes to be reaped, which
// a busy machine slows down.
const (
	closeWait = 5 * time.Second
	exitWait  = 15 * time.Second
)

// Browser is one Chromium, local or remote, that runs scenarios. Run may be
// called from several goroutines: each scenario has its own incognito context.
type Browser struct {
	opts       Options
	rod        *rod.Browser
	launcher   *launcher.Launcher // nil for a remote browser
	controlURL string             // the DevTools WebSocket URL
	dataDir    string
	userAgent  string
	closeOnce  sync.Once
	closeErr   error
}

// Launch starts a local headless Chromium (opts.Browser.Bin), or connects to
// opts.Browser.RemoteURL. The error says what failed.
func Launch(ctx context.Context, opts Options) (*Browser, error) {
	b := &Browser{opts: opts.withDefaults()}
	var err error
	if remote := b.opts.Browser.RemoteURL; remote != "" {
		err = b.connectRemote(ctx, remote)
	} else {
		err = b.launchLocal(ctx)
	}
	if err != nil {
		_ = b.Close()
		return nil, err
	}
	if err := b.readUserAgent(ctx); err != nil {
		_ = b.Close()
		return nil, err
	}
	return b, nil
}

func (b *Browser) launchLocal(ctx context.Context) error {
	bin := b.opts.Browser.Bin
	if bin == "" {
		return errors.New("browser.bin is empty: set the Chromium binary (e.g. /usr/bin/chromium) or browser.remote_url")
	}
	if _, err := exec.LookPath(bin); err != nil {
		return fmt.Errorf("chromium binary %s not found: %w", bin, err)
	}
	dir, err := os.MkdirTemp("", "proofrun-chromium-")
	if err != nil {
		return fmt.Errorf("chromium user-data dir: %w", err)
	}
	b.dataDir = dir
	// Leakless is off: it unpacks a helper binary at run time. Close kills
	// the whole process group instead.
	b.launcher = chromium.Launcher(bin).Context(ctx).NoSandbox(os.Geteuid() == 0).UserDataDir(dir)
	u, err := b.launcher.Launch()
	if err != nil {
		return fmt.Errorf("chromium %s did not start: %w", bin, err)
	}
	b.controlURL = u
	b.rod = rod.New().ControlURL(u).NoDefaultDevice()
	if err := b.rod.Connect(); err != nil {
		return fmt.Errorf("chromium %s started but does not answer: %w", bin, err)
	}
	return nil
}

func (b *Browser) connectRemote(ctx context.Context, remote string) error {
	u := remote
	if strings.HasPrefix(remote, "http://") || strings.HasPrefix(remote, "https://") {
		var err error
		if u, err = launcher.ResolveURL(remote); err != nil {
			return fmt.Errorf("remote browser %s unreachable: %w", remote, err)
		}
	}
	b.controlURL = u
	b.rod = rod.New().Context(ctx).ControlURL(u).NoDefaultDevice()
	if err := b.rod.Connect(); err != nil {
		return fmt.Errorf("remote browser %s unreachable: %w", remote, err)
	}
	b.rod = b.rod.Context(context.Background())
	return nil
}

// readUserAgent takes Chromium's own user agent, minus "Headless", unless
// the config sets one.
func (b *Browser) readUserAgent(ctx context.Context) error {
	if b.opts.Browser.UserAgent != "" {
		b.userAgent = b.opts.Browser.UserAgent
		return nil
	}
	v, err := proto.BrowserGetVersion{}.Call(b.rod.Context(ctx))
	if err != nil {
		return fmt.Errorf("browser does not answer: %w", err)
	}
	b.userAgent = strings.ReplaceAll(v.UserAgent, "HeadlessChrome", "Chrome")
	return nil
}

// PID is Chromium's process id; 0 for a remote browser.
func (b *Browser) PID() int {
	if b.launcher == nil {
		return 0
	}
	return b.launcher.PID()
}

// Close ends the browser: a local Chromium is closed, its process group
// killed and its user-data dir removed. A remote browser is left running.
// Safe to call twice.
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		if b.launcher == nil {
			return
		}
		if b.rod != nil {
			_ = b.rod.Timeout(closeWait).Close()
		}
		if pid := b.launcher.PID(); pid > 0 {
			_ = syscall.Kill(-pid, syscall.SIGKILL) // the renderers and helpers too
			exited := make(chan struct{})
			go func() { b.launcher.Cleanup(); close(exited) }()
			select {
			case <-exited:
			case <-time.After(exitWait):
				b.closeErr = fmt.Errorf("chromium (pid %d) did not exit", pid)
			}
		}
		if err := os.RemoveAll(b.dataDir); err != nil && b.closeErr == nil {
			b.closeErr = fmt.Errorf("remove chromium user-data dir: %w", err)
		}
	})
	return b.closeErr
}

// alive reports whether the browser still answers.
func (b *Browser) alive() bool {
	_, err := proto.BrowserGetVersion{}.Call(b.rod.Timeout(3 * time.Second))
	return err == nil
}

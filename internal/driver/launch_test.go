package driver_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
)

var _ = Describe("Launch", func() {
	It("says when the Chromium binary is missing", func() {
		_, err := driver.Launch(context.Background(), driver.Options{Browser: config.Browser{Bin: "/nonexistent/chromium"}})
		Expect(err).To(MatchError(HavePrefix("chromium binary /nonexistent/chromium not found")))
	})

	It("says when a remote browser is unreachable", func() {
		_, err := driver.Launch(context.Background(), driver.Options{Browser: config.Browser{RemoteURL: "ws://127.0.0.1:1/devtools/browser/x"}})
		Expect(err).To(MatchError(HavePrefix("remote browser ws://127.0.0.1:1/devtools/browser/x unreachable")))
	})

	It("connects to a remote browser, which Close leaves running", func() {
		remote, err := driver.Launch(context.Background(), driver.Options{
			Browser: config.Browser{RemoteURL: browser.ControlURL()}, BaseURL: app.URL,
		})
		Expect(err).NotTo(HaveOccurred())
		Expect(remote.PID()).To(Equal(0))
		out, _ := run(scen("", visit("/clean.html"), see("Everything is fine.")), remote)
		Expect(out.Reason).To(BeEmpty())
		Expect(remote.Close()).To(Succeed())
		out, _ = run(scen("", visit("/clean.html")))
		Expect(out.Reason).To(BeEmpty())
	})

	It("reports a browser that died as lost", func() {
		b, err := driver.Launch(context.Background(), driver.Options{Browser: config.Browser{Bin: "/usr/bin/chromium"}, BaseURL: app.URL})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(b.Close)
		Expect(syscall.Kill(-b.PID(), syscall.SIGKILL)).To(Succeed())
		out, _ := run(scen("", visit("/clean.html")), b)
		Expect(out.Result).To(Equal(proof.Error))
		Expect(out.BrowserLost).To(BeTrue())
		Expect(out.Reason).To(HavePrefix("browser lost: "))
	})

	It("closes Chromium, its processes and its user-data dir, twice safely", func() {
		b, err := driver.Launch(context.Background(), driver.Options{Browser: config.Browser{Bin: "/usr/bin/chromium"}})
		Expect(err).NotTo(HaveOccurred())
		pid, dir := b.PID(), b.DataDir()
		Expect(pid).To(BeNumerically(">", 0))
		Expect(dir).To(BeADirectory())
		Expect(b.Close()).To(Succeed())
		Expect(b.Close()).To(Succeed())
		Expect(liveInGroup(pid)).To(BeEmpty(), "no process of the group is left running")
		_, err = os.Stat(dir)
		Expect(os.IsNotExist(err)).To(BeTrue())
	})
})

// liveInGroup lists the processes of process group pgid that still run
// (zombies are dead: reaping them is init's business).
func liveInGroup(pgid int) []string {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var live []string
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces.
		fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(fields) > 2 && fields[2] == strconv.Itoa(pgid) && fields[0] != "Z" {
			live = append(live, path)
		}
	}
	return live
}

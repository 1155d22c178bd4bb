// Command peer is issue 16's benchmark (make bench-peer): proofrun against
// the raw rod floor (bench/rawrod) on the same scenarios and the same
// embedded fixture app, each a whole process from launch to exit, in
// alternating rounds with 1 and 2 workers; it prints the medians and the
// ratio proofrun / floor. Both must pass every scenario, or the figures mean
// nothing.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/proofrun/proofrun/internal/fixtureapp"
)

func main() {
	rounds := flag.Int("rounds", 3, "alternating rounds; the medians are printed")
	workers := flag.String("workers", "1,2", "worker counts to measure")
	proofrun := flag.String("proofrun", "bin/proofrun", "the proofrun binary")
	rawrod := flag.String("rawrod", "bin/rawrod", "the raw rod floor binary")
	flag.Parse()
	if err := run(*rounds, *workers, *proofrun, *rawrod, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "peer:", err)
		os.Exit(1)
	}
}

func run(rounds int, workers, proofrun, rawrod string, paths []string) error {
	if len(paths) == 0 {
		return fmt.Errorf("no scenario files given")
	}
	out, err := os.MkdirTemp("", "bench-peer-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(out)
	var js []int
	for _, s := range strings.Split(workers, ",") {
		j, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("-workers: %w", err)
		}
		js = append(js, j)
	}
	times := map[string][]time.Duration{}
	for r := range rounds {
		for _, j := range js {
			tools := []struct {
				name string
				cmd  func(url string) *exec.Cmd
			}{
				{"proofrun", func(url string) *exec.Cmd {
					return exec.Command(proofrun, append([]string{"run", "-q", "--workers", strconv.Itoa(j),
						"--base-url", url, "--out", filepath.Join(out, fmt.Sprintf("r%d-j%d", r, j))}, paths...)...)
				}},
				{"rawrod", func(url string) *exec.Cmd {
					return exec.Command(rawrod, append([]string{"-j", strconv.Itoa(j), "-base-url", url}, paths...)...)
				}},
			}
			if r%2 == 1 {
				slices.Reverse(tools)
			}
			for _, t := range tools {
				// A fresh app per run: its login throttle (5 a minute per
				// account, as Laravel's) must not carry over from the last.
				srv, err := fixtureapp.Start("127.0.0.1:0", fixtureapp.Options{})
				if err != nil {
					return err
				}
				cmd := t.cmd(srv.URL())
				cmd.Env = append(os.Environ(), "DISABLE_ROD_FLAG=1")
				cmd.Stderr = os.Stderr
				start := time.Now()
				msg, err := cmd.Output()
				d := time.Since(start)
				srv.Close()
				if err != nil {
					return fmt.Errorf("%s -j %d: %v\n%s", t.name, j, err, msg)
				}
				key := fmt.Sprintf("%s/%d", t.name, j)
				times[key] = append(times[key], d)
				fmt.Printf("round %d  %-8s %d worker(s)  %6.1f s  load %s\n", r+1, t.name, j, d.Seconds(), load())
			}
		}
	}
	fmt.Printf("\n| workers | proofrun | raw rod floor | ratio |\n|---:|---:|---:|---:|\n")
	for _, j := range js {
		p, f := median(times[fmt.Sprintf("proofrun/%d", j)]), median(times[fmt.Sprintf("rawrod/%d", j)])
		fmt.Printf("| %d | %.1f s | %.1f s | %.2f× |\n", j, p.Seconds(), f.Seconds(), p.Seconds()/f.Seconds())
	}
	return nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// load is the 1-minute load average: the machine may be shared.
func load() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}

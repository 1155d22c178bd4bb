package e2e_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onsi/gomega/gexec"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/rundir"
)

// The benchmarks of issue 7 run the built binary as a user would, one run per
// iteration (`make bench`, never in CI). They print the figures BENCHMARKS.md
// records.

var benchBin = sync.OnceValues(func() (string, error) {
	return gexec.Build("github.com/proofrun/proofrun/cmd/proofrun")
})

// benchRun runs proofrun in dir and samples its memory every 250 ms: the
// peak live Go heap (from GODEBUG=gctrace) and the Chromium processes' PSS.
func benchRun(b *testing.B, dir string, args ...string) (wall time.Duration, heapMB, pssMB []float64) {
	b.Helper()
	bin, err := benchBin()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DISABLE_ROD_FLAG=1", "CI=", "GITHUB_ACTIONS=", "GODEBUG=gctrace=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	heapCh := make(chan []float64)
	go func() { heapCh <- liveHeaps(stderr) }()
	done := make(chan error)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			wall = time.Since(start)
			heapMB = <-heapCh
			if err != nil {
				b.Fatalf("proofrun %s: %v", strings.Join(args, " "), err)
			}
			return wall, heapMB, pssMB
		case <-tick.C:
			pssMB = append(pssMB, chromiumPSS(cmd.Process.Pid))
		}
	}
}

// gcLine is a gctrace line: "gc N @...: ... A->B->C MB, D MB goal, ...";
// C is the live heap after the collection.
var gcLine = regexp.MustCompile(`->(\d+)->(\d+) MB`)

func liveHeaps(r interface{ Read([]byte) (int, error) }) []float64 {
	var out []float64
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if m := gcLine.FindStringSubmatch(sc.Text()); m != nil {
			v, _ := strconv.ParseFloat(m[2], 64)
			out = append(out, v)
		}
	}
	return out
}

// chromiumPSS sums the proportional set size of the Chromium processes
// descended from pid, in MB.
func chromiumPSS(pid int) float64 {
	children := map[int][]int{}
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range procs {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
		s := string(data)
		rest := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		self, _ := strconv.Atoi(strings.Fields(s)[0])
		if len(rest) > 1 {
			ppid, _ := strconv.Atoi(rest[1])
			children[ppid] = append(children[ppid], self)
		}
	}
	var kb float64
	var walk func(int)
	walk = func(p int) {
		for _, c := range children[p] {
			kb += pssKB(c)
			walk(c)
		}
	}
	walk(pid)
	return kb / 1024
}

func pssKB(pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "Pss:" {
			v, _ := strconv.ParseFloat(f[1], 64)
			return v
		}
	}
	return 0
}

func peak(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// mean of the samples in [from, to) of the run, as fractions of its length.
func mean(xs []float64, from, to float64) float64 {
	lo, hi := int(from*float64(len(xs))), int(to*float64(len(xs)))
	if hi <= lo {
		return 0
	}
	sum := 0.0
	for _, x := range xs[lo:hi] {
		sum += x
	}
	return sum / float64(hi-lo)
}

// rowsOf reads a run's rows, one per scenario.
func rowsOf(b *testing.B, dir string) map[string]proof.Row {
	b.Helper()
	_, rows, err := rundir.Read(dir)
	if err != nil {
		b.Fatal(err)
	}
	out := map[string]proof.Row{}
	for _, r := range rows {
		out[r.ScenarioID] = r
	}
	return out
}

// BenchmarkPack runs the proof pack on the embedded fixture app with one and
// two workers, the two with a browser each (the default) and sharing one:
// wall time and per-scenario overhead (scenario wall time minus the time
// spent waiting on the target).
func BenchmarkPack(b *testing.B) {
	root := filepath.Dir(must(os.Getwd()))
	for _, c := range []struct {
		workers   int
		perWorker bool
	}{{1, true}, {2, true}, {2, false}} {
		name := fmt.Sprintf("workers=%d", c.workers)
		if !c.perWorker {
			name += "/shared-browser"
		}
		b.Run(name, func(b *testing.B) {
			b.Setenv("PROOFRUN_BROWSER_PER_WORKER", strconv.FormatBool(c.perWorker))
			workers := c.workers
			for b.Loop() {
				out := b.TempDir()
				wall, heap, pss := benchRun(b, root, "run", "--quiet", "--workers", strconv.Itoa(workers), "--out", out)
				rows := rowsOf(b, out)
				var overhead time.Duration
				for _, r := range rows {
					overhead += time.Duration(r.DurationMS-r.WaitMS) * time.Millisecond
				}
				n := float64(len(rows))
				b.ReportMetric(wall.Seconds(), "wall-s")
				b.ReportMetric(n, "scenarios")
				b.ReportMetric(float64(overhead.Milliseconds())/n, "overhead-ms/scenario")
				b.ReportMetric(peak(heap), "peak-heap-MB")
				b.ReportMetric(peak(pss), "peak-chromium-PSS-MB")
			}
		})
	}
}

// BenchmarkThousand runs a generated pack of 1,000 scenarios (one matrix over
// the fixture app's pages and its five admin actors) and reports whether
// memory stays flat: the Chromium PSS and Go heap of the last quarter of the
// run against the second quarter (after warm-up).
func BenchmarkThousand(b *testing.B) {
	root := filepath.Dir(must(os.Getwd()))
	pages := []string{"dashboard", "restore_runs", "backup_schedules", "backup_sets", "backup_runs", "providers", "operations", "audit_log"}
	var cases strings.Builder
	for i := range 200 {
		p := pages[i%len(pages)]
		fmt.Fprintf(&cases, "    - name: %s %03d\n      visit: \"{{ pages.contoso_prod.%s }}\"\n      expect: { owner: 200, manager: 200, operator: 200, readonly: 200, outsider: 404 }\n", p, i, p)
	}
	matrix := "id: generated\ntitle: Generated matrix\ndomain: cross-workspace\nmatrix:\n  actors: [owner, manager, operator, readonly, outsider]\n  cases:\n" + cases.String()
	for b.Loop() {
		dir := b.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "generated.yaml"), []byte(matrix), 0o644); err != nil {
			b.Fatal(err)
		}
		out := b.TempDir()
		wall, heap, pss := benchRun(b, root, "run", "--quiet", "--workers", "2", "--out", out, dir)
		rows := rowsOf(b, out)
		if len(rows) != 1000 {
			b.Fatalf("%d rows, want 1000", len(rows))
		}
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(peak(heap), "peak-heap-MB")
		b.ReportMetric(peak(pss), "peak-chromium-PSS-MB")
		b.ReportMetric(mean(pss, 0.75, 1)/mean(pss, 0.25, 0.5), "PSS-last/second-quarter")
		b.ReportMetric(mean(heap, 0.75, 1)/mean(heap, 0.25, 0.5), "heap-last/second-quarter")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

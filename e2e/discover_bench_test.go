package e2e_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkDiscover runs `proofrun discover` as all seven actors on the
// embedded fixture app (issue 18: under a minute on two cores) and reports
// the pages crawled and the requests replayed, the figures BENCHMARKS.md
// records.
func BenchmarkDiscover(b *testing.B) {
	bin, err := benchBin()
	if err != nil {
		b.Fatal(err)
	}
	root := filepath.Dir(must(os.Getwd()))
	for range b.N {
		out := b.TempDir()
		cmd := exec.Command(bin, "discover", "--quiet", "--out", out)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "DISABLE_ROD_FLAG=1", "CI=", "GITHUB_ACTIONS=")
		start := time.Now()
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("discover: %v: %s", err, msg)
		}
		wall := time.Since(start)
		var doc struct {
			Stats struct{ Crawled, Replayed, Rendered int }
		}
		if err := json.Unmarshal(must(os.ReadFile(filepath.Join(out, "discover.json"))), &doc); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(wall.Seconds(), "s/discover")
		b.ReportMetric(float64(doc.Stats.Crawled), "pages-crawled")
		b.ReportMetric(float64(doc.Stats.Replayed), "requests-replayed")
		b.ReportMetric(float64(doc.Stats.Rendered), "replays-rendered")
	}
}

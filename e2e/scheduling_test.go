package e2e_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/proofrun/proofrun/internal/proof"
)

// trackingSite serves /flaky/NAME (500 on its first request, then 200),
// /steady, and /par/NAME and /serial/NAME pages, recording how many of the
// latter were in flight at once and whether a serial page ever shared the target with
// another page. A parallel page answers once a second one is in flight (an
// event, however slow the machine; pairDeadline only ends a wait that
// would fail the spec anyway); a serial page holds the target a moment, so
// another page loaded at the same time would be seen.
type trackingSite struct {
	*httptest.Server
	mu                 sync.Mutex
	seen               map[string]bool
	inFlight, maxPar   int
	serialIn, overlaps int
	paired             chan struct{} // closed when two pages were in flight at once
	pair               sync.Once
}

const pairDeadline = 60 * time.Second

func newTrackingSite() *trackingSite {
	t := &trackingSite{seen: map[string]bool{}, paired: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("/flaky/", func(w http.ResponseWriter, r *http.Request) {
		t.mu.Lock()
		first := !t.seen[r.URL.Path]
		t.seen[r.URL.Path] = true
		t.mu.Unlock()
		if first {
			w.WriteHeader(http.StatusInternalServerError)
		}
		fmt.Fprint(w, `<!doctype html><title>Flaky</title><h1>All good</h1>`)
	})
	mux.HandleFunc("/steady", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>Steady</title><h1>All good</h1>`)
	})
	slow := func(w http.ResponseWriter, r *http.Request) {
		serial := strings.HasPrefix(r.URL.Path, "/serial/")
		t.mu.Lock()
		if (serial && t.inFlight > 0) || (!serial && t.serialIn > 0) {
			t.overlaps++
		}
		t.inFlight++
		if serial {
			t.serialIn++
		}
		t.maxPar = max(t.maxPar, t.inFlight)
		if t.inFlight == 2 {
			t.pair.Do(func() { close(t.paired) })
		}
		t.mu.Unlock()
		hold := time.After(pairDeadline)
		if serial {
			hold = time.After(200 * time.Millisecond)
		}
		select {
		case <-t.paired:
			if serial {
				<-hold
			}
		case <-hold:
		}
		t.mu.Lock()
		t.inFlight--
		if serial {
			t.serialIn--
		}
		t.mu.Unlock()
		fmt.Fprint(w, `<!doctype html><title>Slow</title><h1>All good</h1>`)
	}
	mux.HandleFunc("/par/", slow)
	mux.HandleFunc("/serial/", slow)
	t.Server = httptest.NewServer(mux)
	DeferCleanup(t.Close)
	return t
}

func (t *trackingSite) counts() (maxPar, overlaps int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.maxPar, t.overlaps
}

var _ = Describe("scheduling", func() {
	It("marks a scenario that fails and then passes on a retry as flaky, and --fail-on-flaky fails the run", func() {
		s := newTrackingSite()
		files := map[string]string{
			"config.yaml":           configFor(s.URL),
			"scenarios/flaky.yaml":  scenarioFile("flaky-once", "/flaky/a", "All good"),
			"scenarios/steady.yaml": scenarioFile("steady", "/steady", "All good"),
			"scenarios/flaky2.yaml": scenarioFile("flaky-twice", "/flaky/b", "All good"),
		}
		dir := workdir(files)
		sess := proofrun(dir, "run", "--retries", "1", "--out", "run1")
		Eventually(sess, 240*time.Second).Should(gexec.Exit(0))
		rows := byScenario(readRows(filepath.Join(dir, "run1", "proof.jsonl")))
		Expect(rows["flaky-once"].Result).To(Equal(proof.Flaky))
		Expect(rows["flaky-once"].Attempts).To(Equal(2))
		Expect(rows["flaky-once"].Reason).To(ContainSubstring("first failure"))
		// Both attempts are kept: the failed one as Retried, each with its own
		// screenshots, and the report shows them as tabs and a flakyFailure.
		Expect(rows["flaky-once"].Retried).To(HaveLen(1))
		first := rows["flaky-once"].Retried[0]
		Expect(first.Result).To(Equal(proof.Failed))
		Expect(first.Reason).NotTo(BeEmpty())
		shots := map[string]bool{}
		for _, e := range append(slices.Clone(first.Evidence), rows["flaky-once"].Evidence...) {
			Expect(shots).NotTo(HaveKey(e), "an attempt's screenshot overwrote another's")
			shots[e] = true
			Expect(filepath.Join(dir, "run1", e)).To(BeARegularFile())
		}
		html, err := os.ReadFile(filepath.Join(dir, "run1", "index.html"))
		Expect(err).NotTo(HaveOccurred())
		Expect(string(html)).To(ContainSubstring(`class="attempts"`))
		junit, err := os.ReadFile(filepath.Join(dir, "run1", "junit.xml"))
		Expect(err).NotTo(HaveOccurred())
		Expect(string(junit)).To(ContainSubstring("<flakyFailure"))
		Expect(rows["steady"].Result).To(Equal(proof.Proven))
		Expect(rows["steady"].Attempts).To(Equal(1))

		// The pages answer 200 now; fresh paths make them flaky again.
		dir = workdir(map[string]string{
			"config.yaml":          configFor(s.URL),
			"scenarios/flaky.yaml": scenarioFile("flaky-again", "/flaky/c", "All good"),
		})
		sess = proofrun(dir, "run", "--retries", "1", "--fail-on-flaky", "--out", "run2")
		Eventually(sess, 240*time.Second).Should(gexec.Exit(1))
		Expect(byScenario(readRows(filepath.Join(dir, "run2", "proof.jsonl")))["flaky-again"].Result).To(Equal(proof.Flaky))

		dir = workdir(map[string]string{
			"config.yaml":          configFor(s.URL),
			"scenarios/flaky.yaml": scenarioFile("flaky-no-retry", "/flaky/d", "All good"),
		})
		sess = proofrun(dir, "run", "--out", "run3")
		Eventually(sess, 240*time.Second).Should(gexec.Exit(1))
		Expect(byScenario(readRows(filepath.Join(dir, "run3", "proof.jsonl")))["flaky-no-retry"].Result).To(Equal(proof.Failed))
	})

	It("runs parallel scenarios side by side and gives each serial scenario the target to itself", func() {
		s := newTrackingSite()
		files := map[string]string{"config.yaml": configFor(s.URL)}
		for i := range 4 {
			files[fmt.Sprintf("scenarios/par-%d.yaml", i)] = scenarioFile(fmt.Sprintf("par-%d", i), fmt.Sprintf("/par/%d", i), "All good")
		}
		for i := range 3 {
			files[fmt.Sprintf("scenarios/serial-%d.yaml", i)] = "serial: true\n" +
				scenarioFile(fmt.Sprintf("serial-%d", i), fmt.Sprintf("/serial/%d", i), "All good")
		}
		dir := workdir(files)
		// The first parallel page waits for its partner: give it the time.
		sess := proofrunEnv(dir, []string{"PROOFRUN_RUN_STEP_TIMEOUT=90s"}, "run", "--workers", "2", "--out", "run")
		Eventually(sess, 300*time.Second).Should(gexec.Exit(0))
		rows := readRows(filepath.Join(dir, "run", "proof.jsonl"))
		Expect(rows).To(HaveLen(7))
		for _, r := range rows {
			Expect(r.Result).To(Equal(proof.Proven), r.ScenarioID)
		}
		maxPar, overlaps := s.counts()
		Expect(maxPar).To(Equal(2), "two workers load two pages at once")
		Expect(overlaps).To(BeZero(), "a serial scenario shared the target")
	})
})

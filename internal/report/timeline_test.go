package report_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"github.com/go-rod/rod/lib/proto"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/report"
)

// withTrace gives the failed scenario of the fixture run an after-step
// screenshot and a trace file.
func withTrace(dir string) {
	const id = "restore-stale-preview-blocked"
	rows, err := os.ReadFile(filepath.Join(dir, "proof.jsonl"))
	Expect(err).NotTo(HaveOccurred())
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(rows))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r proof.Row
		Expect(json.Unmarshal(sc.Bytes(), &r)).To(Succeed())
		if r.ScenarioID == id {
			r.Trace = "trace/" + id + ".json"
			r.Steps[0].Screenshot = "screenshots/" + id + "/03-step-01.png"
			r.Steps[0].Rebuilt = true
		}
		b, err := json.Marshal(r)
		Expect(err).NotTo(HaveOccurred())
		out.Write(append(b, '\n'))
	}
	Expect(os.WriteFile(filepath.Join(dir, "proof.jsonl"), out.Bytes(), 0o644)).To(Succeed())
	png, err := os.ReadFile(filepath.Join(dir, "screenshots", id, "02-failure.png"))
	Expect(err).NotTo(HaveOccurred())
	Expect(os.WriteFile(filepath.Join(dir, "screenshots", id, "03-step-01.png"), png, 0o644)).To(Succeed())
	tr, err := json.Marshal(proof.Trace{
		Requests: []proof.Request{
			{Step: "3 action: Execute restore", Method: "GET", URL: "http://127.0.0.1:8089/app.js", Status: 200, Type: "Script"},
			{Step: "3 action: Execute restore", Method: "POST", URL: "http://127.0.0.1:8089/livewire/update", Status: 403, Type: "Fetch",
				Livewire: []proof.Call{{Component: "restore-runs.create", Methods: []string{"mountAction"}}}, Body: `{"message":"This action is unauthorized."}`},
			{Step: "1 visit: /x", Method: "GET", URL: "http://127.0.0.1:8089/admin", Status: 200, Type: "Document"},
		},
		Console: []proof.Message{{Step: "3 action: Execute restore", Level: "warning", Text: "deprecated call", At: time.Now()}},
	})
	Expect(err).NotTo(HaveOccurred())
	Expect(os.MkdirAll(filepath.Join(dir, "trace"), 0o755)).To(Succeed())
	Expect(os.WriteFile(filepath.Join(dir, "trace", id+".json"), tr, 0o644)).To(Succeed())
}

var _ = Describe("the step timeline in Chromium", func() {
	It("shows the steps with screenshots, the failing step open with its requests (failures first) and console", func() {
		dir := fixtureRun()
		withTrace(dir)
		Expect(report.Build(dir, report.Options{})).To(Succeed())
		abs, err := filepath.Abs(filepath.Join(dir, "index.html"))
		Expect(err).NotTo(HaveOccurred())

		page, err := startChromium().Page(proto.TargetCreateTarget{URL: "file://" + abs})
		Expect(err).NotTo(HaveOccurred())
		page = page.Timeout(20 * time.Second)
		Expect(page.WaitLoad()).To(Succeed())

		var got struct {
			Open     []int    `json:"open"`
			Shot     string   `json:"shot"`
			Statuses []string `json:"statuses"`
			Calls    string   `json:"calls"`
			Body     string   `json:"body"`
			Console  string   `json:"console"`
			Link     string   `json:"link"`
			Rebuilt  []string `json:"rebuilt"`
		}
		Expect(page.MustEval(`() => {
			const card = document.getElementById('restore-stale-preview-blocked');
			const steps = [...card.querySelectorAll('.timeline > li')];
			const failing = card.querySelector('.timeline li.st-failed');
			return {
				open: steps.map((li, i) => li.querySelector('details').open ? i + 1 : 0).filter(Boolean),
				shot: steps[0].querySelector('a.step-shot img').getAttribute('src'),
				statuses: [...failing.querySelectorAll('.requests tbody td[data-label=Status]')].map((td) => td.textContent.trim().split(' ')[0]),
				calls: failing.querySelector('.requests tbody td[data-label=Livewire]').textContent,
				body: failing.querySelector('.requests pre.body').textContent,
				console: failing.querySelector('.console').textContent,
				link: card.querySelector('.trace-link a').getAttribute('href'),
				rebuilt: steps.map((li) => li.querySelector('.rebuilt')?.textContent || ''),
			};
		}`).Unmarshal(&got)).To(Succeed())
		Expect(got.Open).To(Equal([]int{3}), "only the failing step is expanded")
		Expect(got.Shot).To(Equal("screenshots/restore-stale-preview-blocked/03-step-01.png"), "loaded when its step is opened")
		Expect(got.Statuses).To(Equal([]string{"403", "200"}), "failures first")
		Expect(got.Calls).To(Equal("restore-runs.create.mountAction"))
		Expect(got.Body).To(ContainSubstring("This action is unauthorized."))
		Expect(got.Console).To(ContainSubstring("deprecated call"))
		Expect(got.Link).To(Equal("trace/restore-stale-preview-blocked.json"))
		Expect(got.Rebuilt[0]).To(ContainSubstring("rebuilt from the page's DOM"), "a rebuilt screenshot says so")
		Expect(got.Rebuilt[1:]).To(HaveEach(BeEmpty()))
	})
})

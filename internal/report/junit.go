package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/proofrun/proofrun/internal/proof"
)

type junitSuites struct {
	XMLName  xml.Name      `xml:"testsuites"`
	Name     string        `xml:"name,attr"`
	Tests    int           `xml:"tests,attr"`
	Failures int           `xml:"failures,attr"`
	Errors   int           `xml:"errors,attr"`
	Skipped  int           `xml:"skipped,attr"`
	Time     string        `xml:"time,attr"`
	Suites   []*junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
	durMS     int64
}

type junitCase struct {
	Classname  string        `xml:"classname,attr"`
	Name       string        `xml:"name,attr"`
	Time       string        `xml:"time,attr"`
	File       string        `xml:"file,attr,omitempty"`
	Line       int           `xml:"line,attr,omitempty"`
	Properties *junitProps   `xml:"properties"`
	Failure    *junitProblem `xml:"failure"`
	Error      *junitProblem `xml:"error"`
	Skipped    *junitSkipped `xml:"skipped"`
	// FlakyFailures and FlakyErrors are the failed tries of a scenario that
	// passed on a retry, RerunFailures those of one that failed on every
	// try, as Surefire writes them (CI systems then show the case as flaky
	// rather than as a plain pass).
	FlakyFailures []junitTry `xml:"flakyFailure"`
	FlakyErrors   []junitTry `xml:"flakyError"`
	RerunFailures []junitTry `xml:"rerunFailure"`
	RerunErrors   []junitTry `xml:"rerunError"`
	SystemOut     string     `xml:"system-out,omitempty"`
}

type junitTry struct {
	Message    string `xml:"message,attr"`
	Type       string `xml:"type,attr"`
	StackTrace string `xml:"stackTrace,omitempty"`
	SystemOut  string `xml:"system-out,omitempty"`
}

type junitProps struct {
	Props []junitProp `xml:"property"`
}

type junitProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// writeJUnit writes junit.xml: one testsuite per domain, one testcase per
// scenario (a matrix cell is a scenario of its own), named by scenario id.
func writeJUnit(w io.Writer, m *model) error {
	root := junitSuites{Name: "proofrun " + m.Meta.RunID, Time: seconds(m.Summary.DurationMS)}
	byDomain := map[string]*junitSuite{}
	for _, s := range m.Scenarios {
		suite := byDomain[s.Domain]
		if suite == nil {
			suite = &junitSuite{Name: s.Domain}
			if !m.Meta.Started.IsZero() {
				suite.Timestamp = m.Meta.Started.UTC().Format("2006-01-02T15:04:05")
			}
			byDomain[s.Domain] = suite
			root.Suites = append(root.Suites, suite)
		}
		c := junitCaseOf(s)
		suite.Cases = append(suite.Cases, c)
		suite.Tests++
		suite.durMS += s.DurationMS
		switch {
		case c.Failure != nil:
			suite.Failures++
		case c.Error != nil:
			suite.Errors++
		case c.Skipped != nil:
			suite.Skipped++
		}
	}
	sort.Slice(root.Suites, func(i, j int) bool { return root.Suites[i].Name < root.Suites[j].Name })
	for _, s := range root.Suites {
		s.Time = seconds(s.durMS)
		root.Tests += s.Tests
		root.Failures += s.Failures
		root.Errors += s.Errors
		root.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitCaseOf(s *Scenario) junitCase {
	file, line := FailingAt(s)
	c := junitCase{Classname: s.Domain, Name: s.ScenarioID, Time: seconds(s.DurationMS), File: file, Line: line}
	var props []junitProp
	for _, r := range s.Requirements {
		props = append(props, junitProp{"requirement", r})
	}
	for _, p := range []junitProp{{"state", s.State}, {"actor", s.Actor}} {
		if p.Value != "" {
			props = append(props, p)
		}
	}
	switch s.Result {
	case proof.Failed:
		c.Failure = &junitProblem{Message: problem(s), Type: string(s.Result), Body: findingsText(s.Findings)}
		c.RerunFailures, c.RerunErrors = tries(s)
	case proof.Error:
		c.Error = &junitProblem{Message: problem(s), Type: string(s.Result), Body: findingsText(s.Findings)}
	case proof.Deferred:
		c.Skipped = &junitSkipped{Message: "deferred: " + s.Deferred}
	case proof.Skipped:
		c.Skipped = &junitSkipped{Message: firstOf(s.Reason, "skipped")}
	case proof.NotRun:
		c.Skipped = &junitSkipped{Message: "not run"}
	case proof.Flaky:
		props = append(props, junitProp{"flaky", fmt.Sprintf("passed on attempt %d", s.Attempts)})
		c.FlakyFailures, c.FlakyErrors = tries(s)
		if len(s.Retried) == 0 { // a run that recorded only the count of its attempts
			c.FlakyFailures = []junitTry{{Message: s.Reason, Type: string(proof.Failed)}}
		}
	}
	if len(props) > 0 {
		c.Properties = &junitProps{props}
	}
	c.SystemOut = attachments(s.Evidence, s.Steps)
	return c
}

// tries are the tries a retry replaced, failures and errors apart.
func tries(s *Scenario) (failures, errors []junitTry) {
	for _, a := range s.Retried {
		f := junitTry{Message: whyOf(a.FailingStep, a.Reason, a.Result), Type: string(a.Result),
			StackTrace: findingsText(a.Findings), SystemOut: attachments(a.Evidence, a.Steps)}
		if a.Result == proof.Error {
			errors = append(errors, f)
		} else {
			failures = append(failures, f)
		}
	}
	return failures, errors
}

// attachments names screenshots the way CI plugins attach files to a case.
func attachments(evidence []string, steps []proof.StepResult) string {
	var out strings.Builder
	for _, p := range screenshots(evidence, steps) {
		fmt.Fprintf(&out, "[[ATTACHMENT|%s]]\n", p)
	}
	return out.String()
}

// problem is why a scenario did not pass, in one line: the failing step,
// then the reason.
func problem(s *Scenario) string { return whyOf(s.FailingStep, s.Reason, s.Result) }

func whyOf(step, reason string, r proof.Result) string {
	switch {
	case step != "" && reason != "":
		return step + ": " + reason
	case step != "":
		return step
	}
	return firstOf(reason, string(r))
}

// briefLen bounds a problem on the terminal and in CI annotations; the
// report and the rows keep it whole.
const briefLen = 200

// Brief is problem cut for the terminal and annotations.
func Brief(s *Scenario) string { return Cut(problem(s)) }

// Cut bounds a reason to briefLen. Rows are redacted when written, so the
// cut never halves a secret.
func Cut(reason string) string {
	if r := []rune(reason); len(r) > briefLen {
		return string(r[:briefLen-1]) + "…"
	}
	return reason
}

// FailingAt is where a reviewer should look: the failing step's file and
// line, else the scenario's.
func FailingAt(s *Scenario) (string, int) {
	for _, st := range s.Steps {
		if st.Status == "failed" && st.Line > 0 {
			return firstOf(st.File, s.File), st.Line
		}
	}
	return s.File, s.Line
}

func findingsText(fs []proof.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "[%s] %s", f.Kind, f.Message)
		if f.URL != "" {
			fmt.Fprintf(&b, " (%s", f.URL)
			if f.Status != 0 {
				fmt.Fprintf(&b, " %d", f.Status)
			}
			b.WriteString(")")
		}
		if f.Step != "" {
			fmt.Fprintf(&b, " during step %s", f.Step)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// screenshots lists an attempt's evidence, then the step screenshots it does
// not already name, in order and without duplicates.
func screenshots(evidence []string, steps []proof.StepResult) []string {
	var out []string
	for _, p := range evidence {
		if !contains(out, p) {
			out = append(out, p)
		}
	}
	for _, st := range steps {
		if st.Screenshot != "" && !contains(out, st.Screenshot) {
			out = append(out, st.Screenshot)
		}
	}
	return out
}

func seconds(ms int64) string { return fmt.Sprintf("%.3f", float64(ms)/1000) }

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

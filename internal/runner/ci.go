package runner

import (
	"bytes"
	"fmt"
	"os"

	"github.com/proofrun/proofrun/internal/report"
)

// writeStepSummary appends the run's Markdown recap to the file GitHub
// Actions names in GITHUB_STEP_SUMMARY, under GitHub Actions only. A failed
// write is an event of the run, not a failure of the proofs.
func writeStepSummary(s report.Summary, getenv func(string) string) error {
	path := getenv("GITHUB_STEP_SUMMARY")
	if getenv("GITHUB_ACTIONS") != "true" || path == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := report.WriteStepSummary(&buf, s); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	return f.Close()
}

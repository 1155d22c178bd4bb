package scenario_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/proofrun/proofrun/internal/scenario"
)

// BenchmarkLoad1000 loads a pack of 1,000 scenario files (variables, an
// include, count and assert in each), the `validate` budget of issue 7:
// well under a second.
func BenchmarkLoad1000(b *testing.B) {
	dir := b.TempDir()
	frag := "- login: owner\n- visit: \"{{ env.home }}\"\n"
	if err := os.WriteFile(filepath.Join(dir, "_login.yaml"), []byte(frag), 0o644); err != nil {
		b.Fatal(err)
	}
	for i := range 1000 {
		text := fmt.Sprintf(`id: generated-%04d
title: Generated scenario %d
domain: restore
state: stale
tags: [generated]
actor: owner
vars:
  list: "{{ env.home }}/restore-runs"
steps:
  - include: ../_login.yaml
  - visit: "{{ list }}?page=%d"
  - count: {selector: "table tbody tr", as: before}
  - action: {label: Execute restore, expect: disabled}
  - click: {text: Cancel, row: "Run %d"}
  - see: Preview expired
  - count: {selector: "table tbody tr", as: after}
  - assert: after == before
  - screenshot: generated-%d
`, i, i, i, i, i)
		sub := filepath.Join(dir, fmt.Sprintf("d%02d", i%20))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("s%04d.yaml", i)), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	opts := scenario.LoadOptions{Actors: []string{"owner"}, Fixtures: map[string]any{"env": map[string]any{"home": "/admin"}}}
	for b.Loop() {
		pack, err := scenario.Load([]string{dir}, opts)
		if err != nil {
			b.Fatal(err)
		}
		if len(pack.Scenarios) != 1000 {
			b.Fatalf("loaded %d scenarios", len(pack.Scenarios))
		}
	}
}

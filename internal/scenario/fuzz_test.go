package scenario_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/proofrun/proofrun/internal/scenario"
)

// FuzzLoad feeds arbitrary YAML to the loader, as a scenario and as the
// fragment it may include: it must return a pack or placed errors, never
// panic.
func FuzzLoad(f *testing.F) {
	seeds, err := filepath.Glob("testdata/*/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	more, _ := filepath.Glob("testdata/*/*/*.yaml")
	for _, path := range append(seeds, more...) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	fixtures, err := scenario.LoadFixtures("testdata/fixtures.yaml")
	if err != nil {
		f.Fatal(err)
	}
	opts := scenario.LoadOptions{Actors: []string{"owner", "operator"}, Fixtures: fixtures}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		for _, name := range []string{"s.yaml", "_f.yaml"} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		pack, err := scenario.Load([]string{dir}, opts)
		if (pack == nil) == (err == nil) {
			t.Fatalf("want a pack or errors, got %v and %v", pack, err)
		}
		var errs scenario.Errors
		if err != nil && (!errors.As(err, &errs) || len(errs) == 0) {
			t.Fatalf("want scenario.Errors, got %T %v", err, err)
		}
		for _, e := range errs {
			if e.Pos.File == "" || e.Msg == "" {
				t.Fatalf("an error without a place or message: %#v", e)
			}
			_ = e.Pretty()
		}
	})
}

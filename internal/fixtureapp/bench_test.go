package fixtureapp_test

import (
	"testing"

	"github.com/proofrun/proofrun/internal/fixtureapp"
)

// BenchmarkStart measures start-up: load fixtures, parse templates, listen.
func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		s, err := fixtureapp.Start("127.0.0.1:0", fixtureapp.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

package main

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// The commands run in-process against a fake process state: no browser,
// no real stdout, signals or exit.
func TestProofrun(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "proofrun command")
}

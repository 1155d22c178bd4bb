package proof_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestProof(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "Proof Suite")
}

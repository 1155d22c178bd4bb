package collect_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestCollect(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "collect")
}

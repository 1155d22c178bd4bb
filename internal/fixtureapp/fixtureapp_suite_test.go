package fixtureapp_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestFixtureApp(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "FixtureApp Suite")
}

package runner

import (
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// The runner's suite runs without a browser: the scheduler gets a fake
// ScenarioRunner, the commands a fake Process.
func TestRunner(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "runner")
}

// defaultWait bounds a spec that would hang if the scheduler were broken;
// a passing spec takes milliseconds.
const defaultWait = 30 * time.Second

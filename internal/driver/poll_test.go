package driver_test

import (
	"context"
	"errors"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/driver"
)

var _ = Describe("poll", func() {
	It("times out with what the check last saw, not with the deadline a late check ran into", func() {
		ctx, cancel := context.WithTimeout(context.Background(), 120*time.Millisecond)
		defer cancel()
		calls := 0
		err := driver.Poll(ctx, func() (bool, error) {
			calls++
			if calls == 1 {
				return false, errors.New("no modal is open")
			}
			<-ctx.Done() // the next page call runs into the deadline
			return false, ctx.Err()
		})
		Expect(errors.Is(err, context.DeadlineExceeded)).To(BeTrue())
		Expect(driver.Why(err)).To(Equal("no modal is open"))
	})

	It("returns the check's result once it is done", func() {
		calls := 0
		err := driver.Poll(context.Background(), func() (bool, error) {
			calls++
			return calls == 3, nil
		})
		Expect(err).NotTo(HaveOccurred())
		Expect(calls).To(Equal(3))
	})
})

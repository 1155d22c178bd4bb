package runner

import (
	"context"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
)

var _ = Describe("interrupts", func() {
	var (
		p      *fakeProcess
		killed chan struct{}
	)
	BeforeEach(func() {
		p = newProcess(nil)
		killed = make(chan struct{})
	})

	It("ends the run's context on the first signal, and kills and exits 130 on the second", func() {
		ctx, sigs := watchInterrupts(context.Background(), p.Process, time.Hour)
		defer sigs.stop()
		sigs.onKill(func() { close(killed) })
		p.interrupt()
		Eventually(ctx.Done()).Should(BeClosed())
		Expect(interrupted(ctx)).To(BeTrue())
		Expect(context.Cause(ctx)).To(MatchError("interrupted by interrupt"))
		Eventually(p.err).Should(gbytes.Say(`proofrun: interrupt: stopping \(in-flight scenarios end as interrupted; again to quit at once\)`))
		Consistently(p.exits).ShouldNot(Receive())

		p.interrupt()
		Eventually(killed).Should(BeClosed())
		Eventually(p.exits).Should(Receive(Equal(130)))
	})

	It("kills and exits 130 when the run does not end within the grace period", func() {
		ctx, sigs := watchInterrupts(context.Background(), p.Process, time.Millisecond)
		defer sigs.stop()
		sigs.onKill(func() { close(killed) })
		p.interrupt()
		Eventually(ctx.Done()).Should(BeClosed())
		Eventually(killed).Should(BeClosed())
		Eventually(p.exits).Should(Receive(Equal(130)))
	})

	It("stops listening when the command ends, running the kill functions once and exiting nothing", func() {
		ctx, sigs := watchInterrupts(context.Background(), p.Process, time.Millisecond)
		kills := 0
		sigs.onKill(func() { kills++ })
		sigs.stop()
		Expect(ctx.Err()).To(HaveOccurred())
		Expect(interrupted(ctx)).To(BeFalse())
		Expect(p.listening()).To(BeFalse())
		Expect(kills).To(Equal(1))
		Expect(p.exits).NotTo(Receive())
	})
})

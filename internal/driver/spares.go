package driver

import (
	"context"
	"sync"
	"time"

	"github.com/proofrun/proofrun/internal/scenario"
)

// spareWait bounds the opening of a spare tab in the background.
const spareWait = 30 * time.Second

// spares keeps tabs open ahead of the scenarios. Opening a tab (incognito
// context, page, user agent, viewport, monitors) costs about 200 ms; a
// scenario that finds a spare starts at once while the next one opens in
// the background. A spare shares nothing with the scenario before it: each
// is its own incognito context, and the monitors get the scenario's allow
// lists when it is taken.
type spares struct {
	b    *Browser
	tabs chan *tab

	mu      sync.Mutex
	pending int // spares being opened
	closed  bool
	wg      sync.WaitGroup
}

// newSpares keeps n tabs ready on b; nil (no spares) when n is 0.
func newSpares(b *Browser, n int) *spares {
	if n <= 0 {
		return nil
	}
	s := &spares{b: b, tabs: make(chan *tab, n)}
	s.fill()
	return s
}

// take returns a spare tab, or nil when none is ready, and starts opening
// the next ones.
func (s *spares) take() *tab {
	if s == nil {
		return nil
	}
	defer s.fill()
	select {
	case t := <-s.tabs:
		return t
	default:
		return nil
	}
}

// fill opens spares in the background until ready and pending ones make n.
// A spare that fails to open is dropped: the next take opens its tab on
// demand and reports the error there.
func (s *spares) fill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.closed && len(s.tabs)+s.pending < cap(s.tabs) {
		s.pending++
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), spareWait)
			t, err := s.b.newTab(ctx, scenario.Allow{})
			cancel()
			s.mu.Lock()
			defer s.mu.Unlock()
			s.pending--
			if err != nil {
				return
			}
			if s.closed {
				t.close()
				return
			}
			s.tabs <- t // room: counted in pending
		}()
	}
}

// close stops opening spares and closes the ready ones; it waits for those
// being opened, which a dead browser ends quickly.
func (s *spares) close() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(spareWait):
	}
	for {
		select {
		case t := <-s.tabs:
			t.close()
		default:
			return
		}
	}
}

package driver

import (
	"context"
	"sync"

	"github.com/go-rod/rod/lib/proto"
)

// Sessions holds each actor's cookies for a whole run, across workers and
// browser relaunches, so every actor logs in once (Filament allows five login
// attempts a minute). Safe for concurrent use; at most one login per actor is
// in flight.
type Sessions struct {
	mu     sync.Mutex
	actors map[string]*session
}

type session struct {
	mu      sync.Mutex // held while logging in
	cookies []*proto.NetworkCookieParam
	gen     int // bumped by every login, so a stale renewal request is not repeated
	logins  int
}

// NewSessions returns an empty session store.
func NewSessions() *Sessions {
	return &Sessions{actors: map[string]*session{}}
}

// Logins returns how many real logins were done per actor.
func (s *Sessions) Logins() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for name, a := range s.actors {
		a.mu.Lock()
		out[name] = a.logins
		a.mu.Unlock()
	}
	return out
}

func (s *Sessions) actor(name string) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.actors[name]
	if !ok {
		a = &session{}
		s.actors[name] = a
	}
	return a
}

// loginFunc logs an actor in and returns its cookies.
type loginFunc func(ctx context.Context) ([]*proto.NetworkCookieParam, error)

// get returns the actor's cookies, logging it in first if it has none.
func (s *Sessions) get(ctx context.Context, name string, login loginFunc) ([]*proto.NetworkCookieParam, int, error) {
	return s.renew(ctx, name, 0, login)
}

// renew logs the actor in again unless another holder already did since
// generation gen (0: only if it never logged in).
func (s *Sessions) renew(ctx context.Context, name string, gen int, login loginFunc) ([]*proto.NetworkCookieParam, int, error) {
	a := s.actor(name)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.gen > gen {
		return a.cookies, a.gen, nil
	}
	cookies, err := login(ctx)
	if err != nil {
		return nil, a.gen, err
	}
	a.logins++
	a.set(cookies)
	return a.cookies, a.gen, nil
}

// store records cookies from a login done elsewhere (a login: step).
func (s *Sessions) store(name string, cookies []*proto.NetworkCookieParam) int {
	a := s.actor(name)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.logins++
	a.set(cookies)
	return a.gen
}

func (a *session) set(cookies []*proto.NetworkCookieParam) {
	a.cookies = cookies
	a.gen++
}

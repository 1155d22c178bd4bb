package fixtureapp

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Each panel has its own session cookie, like two Laravel guards with
// separate sessions: signing in to /admin never opens /system.
var sessionCookie = map[string]string{"admin": "tenantpilot_admin_session", "system": "tenantpilot_system_session"}

// session is one browser's state in one panel: a guest until it signs in.
type session struct {
	id    string
	csrf  string
	panel string
	actor string // actor key; "" = guest
	flash []note // notifications shown on the next page load
}

// sessions survive POST /__fixture/reset on purpose: a run logs each actor
// in once and reuses its cookies across scenarios.
type sessions struct {
	mu sync.Mutex
	m  map[string]*session

	attempts map[string][]time.Time // login attempts per email in the last minute
	stats    loginStats
	access   []accessLog
}

type loginStats struct {
	Logins   map[string]int `json:"logins"`
	Attempts map[string]int `json:"login_attempts"`
}

// accessLog is one sign-in attempt, listed on /system/security/access-logs.
type accessLog struct {
	At, Email, Panel, Result string
}

func newSessions() *sessions {
	return &sessions{
		m:        map[string]*session{},
		attempts: map[string][]time.Time{},
		stats:    loginStats{Logins: map[string]int{}, Attempts: map[string]int{}},
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux (Go >= 1.24 it cannot return an error)
	return hex.EncodeToString(b)
}

// get returns the session of panel named by r's cookie, or nil.
func (s *sessions) get(r *http.Request, panel string) *session {
	c, err := r.Cookie(sessionCookie[panel])
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if se := s.m[c.Value]; se != nil && se.panel == panel {
		return se
	}
	return nil
}

// start creates a session for actor ("" = guest) and sets its cookie; a new
// id on sign-in, as Laravel regenerates the session.
func (s *sessions) start(w http.ResponseWriter, panel, actor string) *session {
	se := &session{id: randomHex(20), csrf: randomHex(20), panel: panel, actor: actor}
	s.mu.Lock()
	s.m[se.id] = se
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie[panel], Value: se.id, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return se
}

func (s *sessions) end(w http.ResponseWriter, se *session) {
	s.mu.Lock()
	delete(s.m, se.id)
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie[se.panel], Value: "", Path: "/", MaxAge: -1})
}

func (s *sessions) pushFlash(se *session, n ...note) {
	s.mu.Lock()
	se.flash = append(se.flash, n...)
	s.mu.Unlock()
}

func (s *sessions) takeFlash(se *session) []note {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := se.flash
	se.flash = nil
	return n
}

// loginLimit is Filament's 5 attempts per minute, successful ones included.
// Real Filament keys the limiter by IP; keying by email keeps a run that
// signs in 7 actors from one loopback address possible.
const loginLimit = 5

// attempt counts a login attempt for email and reports how many seconds the
// caller must wait when the limit is reached (0 = go ahead).
func (s *sessions) attempt(email string, now time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	recent := s.attempts[email][:0]
	for _, t := range s.attempts[email] {
		if now.Sub(t) < time.Minute {
			recent = append(recent, t)
		}
	}
	s.attempts[email] = recent
	s.stats.Attempts[email]++
	if len(recent) >= loginLimit {
		wait := int(time.Minute-now.Sub(recent[0]))/int(time.Second) + 1
		return wait
	}
	s.attempts[email] = append(recent, now)
	return 0
}

func (s *sessions) record(email, panel, result string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ok {
		s.stats.Logins[email]++
	}
	s.access = append(s.access, accessLog{At: time.Now().UTC().Format("2006-01-02 15:04:05"), Email: email, Panel: panel, Result: result})
}

func (s *sessions) snapshotStats() loginStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := loginStats{Logins: map[string]int{}, Attempts: map[string]int{}}
	for k, v := range s.stats.Logins {
		out.Logins[k] = v
	}
	for k, v := range s.stats.Attempts {
		out.Attempts[k] = v
	}
	return out
}

func (s *sessions) accessLogs() []accessLog {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]accessLog(nil), s.access...)
}

func tooMany(wait int) string {
	return fmt.Sprintf("Too many login attempts. Please try again in %d seconds.", wait)
}

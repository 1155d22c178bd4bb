package fixtureapp

import (
	"cmp"
	"slices"
	"strconv"
	"sync"
	"time"
)

// store is the app's in-memory state: the fixtures plus everything actions
// created. reset puts it back to the fixtures file.
type store struct {
	mu  sync.Mutex
	src string // fixtures path, "" = embedded

	f      *Fixtures
	nextID int // ids of created records (operations, audit, runs)
}

func newStore(src string) (*store, error) {
	s := &store{src: src}
	return s, s.reset()
}

func (s *store) reset() error {
	f, err := loadFixtures(s.src)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.f = f
	s.nextID = 9100
	return nil
}

// newID hands out ids for created records; callers hold s.mu.
func (s *store) newID() int {
	s.nextID++
	return s.nextID
}

func (s *store) now() string { return time.Now().UTC().Format("2006-01-02 15:04") }

// addOperation records an OperationRun and returns it; callers hold s.mu.
func (s *store) addOperation(env, typ, status, actor, summary, link string) *Operation {
	op := &Operation{ID: s.newID(), Env: env, Type: typ, Status: status, Actor: actor, Summary: summary, Started: s.now(), Link: link}
	s.f.Operations["op_"+strconv.Itoa(op.ID)] = op
	return op
}

// addAudit records an audit entry; callers hold s.mu.
func (s *store) addAudit(env, actor, action, target string) {
	e := &AuditEntry{ID: s.newID(), Env: env, Actor: actor, Action: action, Target: target, At: s.now()}
	s.f.Audit["audit_"+strconv.Itoa(e.ID)] = e
}

// record is what inEnv and byID need of a fixture record.
type record interface {
	EnvKey() string
	RecordID() int
}

func (r *BackupSet) EnvKey() string      { return r.Env }
func (r *BackupSet) RecordID() int       { return r.ID }
func (r *RestoreRun) EnvKey() string     { return r.Env }
func (r *RestoreRun) RecordID() int      { return r.ID }
func (r *BackupSchedule) EnvKey() string { return r.Env }
func (r *BackupSchedule) RecordID() int  { return r.ID }
func (r *BackupRun) EnvKey() string      { return r.Env }
func (r *BackupRun) RecordID() int       { return r.ID }
func (r *Provider) EnvKey() string       { return r.Env }
func (r *Provider) RecordID() int        { return r.ID }
func (r *Operation) EnvKey() string      { return r.Env }
func (r *Operation) RecordID() int       { return r.ID }
func (r *AuditEntry) EnvKey() string     { return r.Env }
func (r *AuditEntry) RecordID() int      { return r.ID }

// inEnv returns the records of m in environment env ("" = all), by id.
func inEnv[T record](m map[string]T, env string) []T {
	var out []T
	for _, r := range m {
		if env == "" || r.EnvKey() == env {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b T) int { return cmp.Compare(a.RecordID(), b.RecordID()) })
	return out
}

// newestFirst reverses inEnv's order (lists of runs and audit entries).
func newestFirst[T record](m map[string]T, env string) []T {
	out := inEnv(m, env)
	slices.Reverse(out)
	return out
}

// byID finds the record with id want in env; false when absent or in
// another environment, which callers answer with 404.
func byID[T record](m map[string]T, env, want string) (T, bool) {
	var zero T
	n, err := strconv.Atoi(want)
	if err != nil {
		return zero, false
	}
	for _, r := range m {
		if r.RecordID() == n && (env == "" || r.EnvKey() == env) {
			return r, true
		}
	}
	return zero, false
}

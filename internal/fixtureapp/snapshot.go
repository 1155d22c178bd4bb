package fixtureapp

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// snapshot is a Livewire component snapshot: the component's public state,
// its identity and an HMAC checksum that makes the state tamper-evident.
type snapshot struct {
	Data     map[string]any `json:"data"`
	Memo     memo           `json:"memo"`
	Checksum string         `json:"checksum"`
}

type memo struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Path   string `json:"path"`
	Method string `json:"method"`
}

// errCorrupt is Livewire's CorruptComponentPayloadException: answered 400
// (not 419, which means an expired session, nor 500, which is a server bug).
var errCorrupt = errors.New("CorruptComponentPayloadException: Livewire encountered corrupt data when trying to hydrate a component. Ensure that the [name, id, data] of the Livewire component wasn't tampered with between requests.")

func (a *App) checksum(data map[string]any, m memo) string {
	b, _ := json.Marshal(struct { // maps and strings only: cannot fail
		Data map[string]any `json:"data"`
		Memo memo           `json:"memo"`
	}{data, m})
	mac := hmac.New(sha256.New, a.key)
	mac.Write(b)
	return hex.EncodeToString(mac.Sum(nil))
}

func (a *App) encodeSnapshot(data map[string]any, m memo) string {
	b, _ := json.Marshal(snapshot{Data: data, Memo: m, Checksum: a.checksum(data, m)})
	return string(b)
}

func (a *App) decodeSnapshot(raw string) (*snapshot, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.UseNumber()
	var s snapshot
	if err := dec.Decode(&s); err != nil {
		return nil, errCorrupt
	}
	if s.Data == nil {
		s.Data = map[string]any{}
	}
	if !hmac.Equal([]byte(s.Checksum), []byte(a.checksum(s.Data, s.Memo))) {
		return nil, errCorrupt
	}
	return &s, nil
}

// setPath applies one Livewire update ("data.email", "mountedActions.0.data.confirmation")
// to nested maps and lists; a path through nothing creates maps.
func setPath(root map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	var cur any = root
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[p] = v
				return
			}
			next, ok := c[p]
			if !ok || next == nil {
				next = map[string]any{}
				c[p] = next
			}
			cur = next
		case []any:
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n >= len(c) {
				return
			}
			if last {
				c[n] = v
				return
			}
			cur = c[n]
		default:
			return
		}
	}
}

// str reads a string at a dotted path ("" when absent or not a string).
func str(root map[string]any, path string) string {
	var cur any = root
	for _, p := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[p]
		case []any:
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n >= len(c) {
				return ""
			}
			cur = c[n]
		default:
			return ""
		}
	}
	switch v := cur.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

package monitor

import (
	"fmt"
	"regexp"

	"github.com/proofrun/proofrun/internal/scenario"
)

// allowList is a scenario.Allow with its regexes compiled once.
type allowList struct {
	console []*regexp.Regexp
	status  []statusRule
}

type statusRule struct {
	url  *regexp.Regexp
	code int
}

func compileAllow(a scenario.Allow) (allowList, error) {
	var l allowList
	for _, s := range a.Console {
		re, err := regexp.Compile(s)
		if err != nil {
			return l, fmt.Errorf("allow.console %q: %w", s, err)
		}
		l.console = append(l.console, re)
	}
	for _, r := range a.Status {
		re, err := regexp.Compile(r.URL)
		if err != nil {
			return l, fmt.Errorf("allow.status url %q: %w", r.URL, err)
		}
		l.status = append(l.status, statusRule{url: re, code: r.Code})
	}
	return l, nil
}

// message reports whether a regex of allow.console matches text.
func (l allowList) message(text string) bool {
	for _, re := range l.console {
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

// response reports whether a rule of allow.status names this response. Code 0
// allows any status >= 400.
func (l allowList) response(url string, status int) bool {
	for _, r := range l.status {
		if (r.code == status || r.code == 0 && status >= 400) && r.url.MatchString(url) {
			return true
		}
	}
	return false
}

package driver

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/proofrun/proofrun/internal/scenario"
)

// ExpectArgs are expect's arguments.
type ExpectArgs struct {
	URL   string `yaml:"url"`   // a substring of the URL, or /regex/
	Title string `yaml:"title"` // a substring of the title
}

func init() {
	register(scenario.Def{
		Kind: "expect", Doc: "location assertions: URL substring (or /regex/) and title substring",
		Required: []string{"url|title"},
	}, traits{passive: true}, expectLocation)
}

// Check compiles a /regex/ URL.
func (a *ExpectArgs) Check(c *scenario.Check) {
	if u := a.URL; len(u) > 1 && strings.HasPrefix(u, "/") && strings.HasSuffix(u, "/") {
		c.Regex("url", u[1:len(u)-1])
	}
}

// expectLocation checks the URL (substring or /regex/) and the title
// (substring), retried until the step timeout.
func expectLocation(ctx context.Context, r *run, a *ExpectArgs) error {
	match, err := matcher(a.URL)
	if err != nil {
		return err
	}
	return poll(ctx, func() (bool, error) {
		var loc struct{ Href, Title string }
		res, err := r.tab.p(ctx).Eval(`() => ({ href: location.href, title: document.title })`)
		if err != nil {
			return false, err
		}
		if err := res.Value.Unmarshal(&loc); err != nil {
			return false, err
		}
		if a.URL != "" && !match(loc.Href) {
			return false, fmt.Errorf("the URL is %s, expected %s", loc.Href, a.URL)
		}
		if a.Title != "" && !strings.Contains(loc.Title, a.Title) {
			return false, fmt.Errorf("the title is %q, expected %q", loc.Title, a.Title)
		}
		return true, nil
	})
}

// matcher reads an expect pattern: /regex/ or a substring.
func matcher(pattern string) (func(string) bool, error) {
	if len(pattern) >= 2 && strings.HasPrefix(pattern, "/") && strings.HasSuffix(pattern, "/") {
		re, err := regexp.Compile(pattern[1 : len(pattern)-1])
		if err != nil {
			return nil, fmt.Errorf("bad URL pattern %s: %w", pattern, err)
		}
		return re.MatchString, nil
	}
	return func(s string) bool { return strings.Contains(s, pattern) }, nil
}

package profile

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Markers in a page's HTML that tell the kit and version apart. Livewire 4
// adds data-module-url to its script tag (and moduleUrl to
// window.livewireScriptConfig); both versions name the update endpoint in
// data-update-uri (or livewireScriptConfig's uri), whose default path
// differs. Filament marks its pages with fi- classes.
var (
	moduleURL  = regexp.MustCompile(`data-module-url=|livewireScriptConfig\s*=\s*\{[^<]*"moduleUrl"`)
	updateURI  = regexp.MustCompile(`data-update-uri="([^"]*)"|livewireScriptConfig\s*=\s*\{[^<]*"uri"\s*:\s*"([^"]*)"`)
	filamentUI = regexp.MustCompile(`class="[^"]*\bfi-[a-z]`)
)

// Detect is the profile a page's HTML shows, and how it was told. name ""
// means the page shows no known kit.
func Detect(page string) (name, how string) {
	if !filamentUI.MatchString(page) {
		return "", "the page shows no Filament markup"
	}
	if moduleURL.MatchString(page) {
		return "filament5", "Livewire 4's data-module-url"
	}
	m := updateURI.FindStringSubmatch(page)
	if m == nil {
		return "", "the page names no Livewire update endpoint"
	}
	raw := html.UnescapeString(m[1] + strings.ReplaceAll(m[2], `\/`, "/"))
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Sprintf("the Livewire update endpoint %q is not a URL", raw)
	}
	for _, n := range Names() {
		if profiles[n]().Livewire.UpdatePath.MatchString(u.Path) {
			return n, "the Livewire update endpoint " + u.Path
		}
	}
	return "", "the Livewire update endpoint " + u.Path + " is no version's default"
}

// maxPage bounds how much of a page detection reads, detectWait how long
// it waits for it.
const (
	maxPage    = 2 << 20
	detectWait = 10 * time.Second
)

// Resolve is the profile target.profile names: a profile's name, or Auto,
// which detects it from the page at pageURL (a panel's login page). note is
// empty unless auto-detection fell back to Fallback, and then says why.
func Resolve(ctx context.Context, setting, pageURL string) (p *Profile, note string, err error) {
	if setting != Auto {
		p, err = Named(setting)
		return p, "", err
	}
	name, how := detectURL(ctx, pageURL)
	if name == "" {
		return Default(), fmt.Sprintf("target profile %s: auto-detection could not tell (%s)", Fallback, how), nil
	}
	p, err = Named(name)
	return p, "", err
}

// detectURL reads the page at pageURL and detects its profile.
func detectURL(ctx context.Context, pageURL string) (name, how string) {
	ctx, cancel := context.WithTimeout(ctx, detectWait)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, pageURL, nil)
	if err != nil {
		return "", err.Error()
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Sprintf("%s did not answer: %v", pageURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPage))
	if err != nil {
		return "", fmt.Sprintf("%s: %v", pageURL, err)
	}
	return Detect(string(body))
}

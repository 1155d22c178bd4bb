// Command rawrod is the floor of issue 16's benchmark (make bench-peer): the
// same scenarios proofrun runs, driven by plain go-rod with no monitors, no
// settling, no reports and no evidence kept. Each step does the least a
// hand-written rod script would: navigate and wait for the load event, click,
// and wait in the page (a MutationObserver) for the text or element the next
// assertion needs. It reads the scenario files with proofrun's loader only to
// run exactly the same navigations and assertions; it supports the step kinds
// the benchmark's scenarios use and exits 1 when one fails.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/chromium"
	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/driver" // the step kinds' typed arguments (and their registry the loader reads)
	"github.com/proofrun/proofrun/internal/scenario"
)

// stepTimeout bounds each step, as proofrun's default run.step_timeout.
const stepTimeout = 10 * time.Second

func main() {
	base := flag.String("base-url", "", "the target (required)")
	workers := flag.Int("j", 1, "scenarios run in parallel, one Chromium each")
	cfgFile := flag.String("config", "config.yaml", "proofrun config: actors, panels, fixtures")
	flag.Parse()
	if *base == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: rawrod -base-url URL [-j N] SCENARIO.yaml...")
		os.Exit(2)
	}
	if err := run(*base, *workers, *cfgFile, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "rawrod:", err)
		os.Exit(1)
	}
}

func run(base string, workers int, cfgFile string, paths []string) error {
	cfg, err := config.Load(cfgFile, nil)
	if err != nil {
		return err
	}
	fixtures, err := scenario.LoadFixtures(cfg.Target.Fixtures)
	if err != nil {
		return err
	}
	pack, err := scenario.Load(paths, scenario.LoadOptions{Fixtures: fixtures})
	if err != nil {
		return err
	}
	s := &suite{base: strings.TrimSuffix(base, "/"), cfg: cfg, cookies: map[string][]*proto.NetworkCookieParam{}, locks: map[string]*sync.Mutex{}}
	for a := range cfg.Actors {
		s.locks[a] = &sync.Mutex{}
	}
	jobs := make(chan *scenario.Scenario)
	errs := make(chan error, len(pack.Scenarios))
	var wg sync.WaitGroup
	for range workers {
		b, cleanup, err := launch(cfg.Browser.Bin)
		if err != nil {
			return err
		}
		defer cleanup()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sc := range jobs {
				if err := s.scenario(b, sc); err != nil {
					errs <- fmt.Errorf("%s: %w", sc.ID, err)
				}
			}
		}()
	}
	for _, sc := range pack.Scenarios {
		jobs <- sc
	}
	close(jobs)
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	fmt.Printf("rawrod: %d scenarios, %d failed\n", len(pack.Scenarios), len(all))
	return errors.Join(all...)
}

func launch(bin string) (*rod.Browser, func(), error) {
	dir, err := os.MkdirTemp("", "rawrod-")
	if err != nil {
		return nil, nil, err
	}
	l := chromium.Launcher(bin).NoSandbox(os.Geteuid() == 0).UserDataDir(dir)
	u, err := l.Launch()
	if err != nil {
		return nil, nil, err
	}
	b := rod.New().ControlURL(u).NoDefaultDevice()
	if err := b.Connect(); err != nil {
		return nil, nil, err
	}
	return b, func() { _ = b.Close(); l.Kill(); _ = os.RemoveAll(dir) }, nil
}

// suite holds each actor's session cookies: one login per actor per run.
type suite struct {
	base    string
	cfg     *config.Config
	mu      sync.Mutex
	cookies map[string][]*proto.NetworkCookieParam
	locks   map[string]*sync.Mutex
}

func (s *suite) scenario(b *rod.Browser, sc *scenario.Scenario) error {
	inc, err := b.Incognito()
	if err != nil {
		return err
	}
	defer func() { _ = inc.Close() }()
	if sc.Actor != "" {
		c, err := s.session(b, sc.Actor)
		if err != nil {
			return err
		}
		if err := inc.SetCookies(c); err != nil {
			return err
		}
	}
	page, err := inc.Page(proto.TargetCreateTarget{})
	if err != nil {
		return err
	}
	if err := page.SetViewport(&proto.EmulationSetDeviceMetricsOverride{Width: 1280, Height: 800, DeviceScaleFactor: 1}); err != nil {
		return err
	}
	vars := map[string]string{}
	for k, v := range sc.Vars {
		vars[k] = v
	}
	for i, st := range sc.Steps {
		ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
		err := s.step(page.Context(ctx), st, vars)
		cancel()
		if err != nil {
			return fmt.Errorf("step %d %s: %w", i+1, st.Kind, err)
		}
	}
	return nil
}

// session logs actor in once and keeps its cookies.
func (s *suite) session(b *rod.Browser, actor string) ([]*proto.NetworkCookieParam, error) {
	s.locks[actor].Lock()
	defer s.locks[actor].Unlock()
	s.mu.Lock()
	c, ok := s.cookies[actor]
	s.mu.Unlock()
	if ok {
		return c, nil
	}
	a := s.cfg.Actors[actor]
	inc, err := b.Incognito()
	if err != nil {
		return nil, err
	}
	defer func() { _ = inc.Close() }()
	page, err := inc.Page(proto.TargetCreateTarget{})
	if err != nil {
		return nil, err
	}
	page = page.Timeout(30 * time.Second)
	if err := visit(page, s.base+s.cfg.Panels[a.Panel].LoginPath, 200); err != nil {
		return nil, err
	}
	for _, f := range [][2]string{{"#form\\.email", a.Email}, {"#form\\.password", a.Password}} {
		el, err := page.Element(f[0])
		if err != nil {
			return nil, err
		}
		if err := el.Input(f[1]); err != nil {
			return nil, err
		}
	}
	btn, err := page.ElementR("button", "^Sign in$")
	if err != nil {
		return nil, err
	}
	wait := page.WaitNavigation(proto.PageLifecycleEventNameLoad)
	if err := btn.Click(proto.InputMouseButtonLeft, 1); err != nil {
		return nil, err
	}
	wait()
	cookies, err := page.Cookies(nil)
	if err != nil {
		return nil, err
	}
	for _, ck := range cookies {
		c = append(c, &proto.NetworkCookieParam{Name: ck.Name, Value: ck.Value, Domain: ck.Domain, Path: ck.Path,
			Secure: ck.Secure, HTTPOnly: ck.HTTPOnly, SameSite: ck.SameSite})
	}
	s.mu.Lock()
	s.cookies[actor] = c
	s.mu.Unlock()
	return c, nil
}

func (s *suite) step(p *rod.Page, st scenario.Step, vars map[string]string) error {
	args := scenario.Clone(st.Args)
	err := scenario.WalkStrings(args, func(f scenario.Field) error {
		v, err := scenario.Expand(*f.P, func(n string) (string, bool) { v, ok := vars[n]; return v, ok })
		*f.P = v
		return err
	})
	if err != nil {
		return err
	}
	switch a := args.(type) {
	case *driver.VisitArgs:
		return visit(p, s.base+a.Path, int(a.Status))
	case *driver.SeeArgs:
		return waitJS(p, `t => norm(document.body.innerText).includes(t)`, norm(a.Text))
	case *driver.DontSeeArgs:
		ok, err := evalBool(p, `t => !norm(document.body.innerText).includes(t)`, norm(a.Text))
		if err == nil && !ok {
			err = fmt.Errorf("%q is on the page", a.Text)
		}
		return err
	case *driver.SeeInArgs:
		return waitJS(p, `(sel, t) => [...document.querySelectorAll(sel)].some(e => norm(e.innerText).includes(t))`, a.Selector, norm(a.Text))
	case *driver.ClickArgs:
		scope := "body"
		if a.Selector != "" {
			scope = a.Selector
		}
		return clickIn(p, scope, a.Text)
	case *driver.ExpectArgs:
		info, err := p.Info()
		if err != nil {
			return err
		}
		if !strings.Contains(info.URL, a.URL) || !strings.Contains(info.Title, a.Title) {
			return fmt.Errorf("at %s %q", info.URL, info.Title)
		}
		return nil
	case *driver.CountArgs:
		res, err := p.Eval(`sel => document.querySelectorAll(sel).length`, a.Selector)
		if err != nil {
			return err
		}
		vars[a.As] = strconv.Itoa(res.Value.Int())
		return nil
	case *driver.AssertArgs:
		return assert(a.Expr, vars)
	case *driver.SelectArgs:
		return waitJS(p, `(label, value) => {
			const l = [...document.querySelectorAll('label')].find(l => norm(l.innerText) === label);
			const sel = l && (document.getElementById(l.htmlFor) || l.parentElement.querySelector('select'));
			const opt = sel && [...sel.options].find(o => norm(o.text) === value || o.value === value);
			if (!opt) return false;
			sel.value = opt.value;
			sel.dispatchEvent(new Event('input', { bubbles: true }));
			sel.dispatchEvent(new Event('change', { bubbles: true }));
			return true;
		}`, a.Field, a.Value)
	case *driver.ActionArgs:
		return action(p, a)
	case *driver.ModalArgs:
		if a.Expect == "closed" {
			return waitJS(p, `() => !document.querySelector('.fi-modal-open')`)
		}
		return waitJS(p, `h => [...document.querySelectorAll('.fi-modal-open .fi-modal-heading')].some(e => norm(e.innerText).includes(h))`, a.Heading)
	case *driver.CancelArgs:
		return clickIn(p, ".fi-modal-open .fi-modal-footer-actions", "Cancel")
	case *driver.ScreenshotArgs:
		_, err := p.Screenshot(true, nil)
		return err
	}
	return fmt.Errorf("rawrod does not do %s steps", st.Kind)
}

// lib is prepended to every in-page function: text as the user reads it.
const lib = `const norm = s => (s || '').replace(/\s+/g, ' ').trim();`

// waitJS waits in the page until fn returns true, re-checking on every DOM
// change.
func waitJS(p *rod.Page, fn string, args ...any) error {
	_, err := p.Evaluate(rod.Eval(`(...args) => { `+lib+` const fn = `+fn+`;
		return new Promise(resolve => {
			if (fn(...args)) return resolve(true);
			const o = new MutationObserver(() => { if (fn(...args)) { o.disconnect(); resolve(true); } });
			o.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
		});
	}`, args...).ByPromise())
	return err
}

func evalBool(p *rod.Page, fn string, args ...any) (bool, error) {
	res, err := p.Evaluate(rod.Eval(`(...args) => { `+lib+` return (`+fn+`)(...args) }`, args...))
	if err != nil {
		return false, err
	}
	return res.Value.Bool(), nil
}

// visit navigates and checks the document's status (0: any 2xx).
func visit(p *rod.Page, url string, want int) error {
	if err := p.Navigate(url); err != nil {
		return err
	}
	if err := p.WaitLoad(); err != nil {
		return err
	}
	res, err := p.Eval(`() => performance.getEntriesByType('navigation')[0].responseStatus`)
	if err != nil {
		return err
	}
	got := res.Value.Int()
	if (want == 0 && (got < 200 || got > 299)) || (want != 0 && got != want) {
		return fmt.Errorf("%s answered %d", url, got)
	}
	return nil
}

// clickIn clicks the link or button reading text inside scope; a link's
// click waits for the page it loads.
func clickIn(p *rod.Page, scope, text string) error {
	if err := waitJS(p, `(scope, t) => [...document.querySelectorAll(scope)].some(s => [...s.querySelectorAll('a, button')].some(e => norm(e.innerText) === t))`, scope, text); err != nil {
		return err
	}
	res, err := p.Evaluate(rod.Eval(`(scope, t) => { `+lib+`
		for (const s of document.querySelectorAll(scope)) for (const e of s.querySelectorAll('a, button')) if (norm(e.innerText) === t) return e;
	}`, scope, text).ByObject())
	if err != nil {
		return err
	}
	el, err := p.ElementFromObject(res)
	if err != nil {
		return err
	}
	return clickEl(p, el)
}

func clickEl(p *rod.Page, el *rod.Element) error {
	href, err := el.Attribute("href")
	if err != nil {
		return err
	}
	if href == nil {
		return el.Click(proto.InputMouseButtonLeft, 1)
	}
	wait := p.WaitNavigation(proto.PageLifecycleEventNameLoad)
	if err := el.Click(proto.InputMouseButtonLeft, 1); err != nil {
		return err
	}
	wait()
	return nil
}

// action finds a Filament action button by its label (in the row reading
// a.Row, if any), checks its state or clicks it and waits for its modal.
func action(p *rod.Page, a *driver.ActionArgs) error {
	find := `(label, row) => {
		const scopes = row ? [...document.querySelectorAll('tr.fi-ta-row')].filter(r => [...r.querySelectorAll('td')].some(c => norm(c.innerText) === row)) : ['.fi-header', '.fi-main', 'body'].map(q => document.querySelector(q)).filter(Boolean);
		for (const s of scopes) for (const e of s.querySelectorAll('button, a')) if (norm(e.innerText) === label) return e;
		return null;
	}`
	if err := waitJS(p, `(l, r) => !!(`+find+`)(l, r)`, a.Label, a.Row); err != nil {
		return err
	}
	if a.Expect != "" {
		ok, err := evalBool(p, `(l, r) => { const e = (`+find+`)(l, r); return !e.disabled && e.getAttribute('aria-disabled') !== 'true' }`, a.Label, a.Row)
		if err == nil && ok != (a.Expect == "enabled") {
			err = fmt.Errorf("action %q is not %s", a.Label, a.Expect)
		}
		return err
	}
	res, err := p.Evaluate(rod.Eval(`(l, r) => { `+lib+` return (`+find+`)(l, r) }`, a.Label, a.Row).ByObject())
	if err != nil {
		return err
	}
	el, err := p.ElementFromObject(res)
	if err != nil {
		return err
	}
	return clickEl(p, el)
}

var assertExpr = regexp.MustCompile(`^\s*(\w+)\s*==\s*(\w+)\s*(?:\+\s*(\d+))?\s*$`)

// assert checks the "a == b [+ n]" comparisons the scenarios use.
func assert(expr string, vars map[string]string) error {
	m := assertExpr.FindStringSubmatch(expr)
	if m == nil {
		return fmt.Errorf("rawrod cannot assert %q", expr)
	}
	val := func(s string) int {
		if v, ok := vars[s]; ok {
			s = v
		}
		n, _ := strconv.Atoi(s)
		return n
	}
	plus, _ := strconv.Atoi(m[3])
	if val(m[1]) != val(m[2])+plus {
		return fmt.Errorf("%s is false", expr)
	}
	return nil
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

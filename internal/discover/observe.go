package discover

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/proofrun/proofrun/internal/driver"
)

// Target is where discovery runs: the target's origin, the browser that
// holds the actors' sessions, and the pace.
type Target struct {
	BaseURL     string
	Browser     *driver.Browser
	Workers     int
	StepTimeout time.Duration
	Home        map[string]string // actor -> the home path its crawl starts at
	Prefix      map[string]string // actor -> its panel's path prefix
	Limits      Limits
}

// Stats count the work of a discovery, for the summary and the benchmark.
type Stats struct {
	Crawled  int // pages each actor's crawl loaded, summed
	Replayed int // URLs requested as an actor that had not crawled them
	Rendered int // replays that needed a browser (served pages, named records)
}

// Observe crawls each actor's panel, then replays every URL any actor found
// as every actor that did not, and returns the full matrix.
func Observe(ctx context.Context, t Target, rules *Rules, actors []string) (*Observation, Stats, error) {
	o := &Observation{Actors: actors, Pages: map[string]map[string]*Page{}, Truncated: map[string]bool{}}
	var st Stats
	var mu sync.Mutex
	// One login per actor, one at a time, before any tab opens: many logins
	// at once on a loaded target time out, and a login is never repeated.
	for _, a := range actors {
		if _, err := t.Browser.Cookies(ctx, a); err != nil {
			return nil, st, err
		}
	}
	// Every actor crawls at once, each with its own tabs: a page spends much
	// of its time waiting on the target and on Livewire idle.
	err := each(ctx, len(actors), actors, func(ctx context.Context, actor string) error {
		vs, err := viewers(ctx, t, actor, max(1, 2*t.Workers/len(actors)))
		if err != nil {
			return err
		}
		defer closeAll(vs)
		start := []string{t.Home[actor]}
		for _, s := range rules.Seeds {
			if _, ok := normalise(t.BaseURL, t.BaseURL+s, t.Prefix[actor], nil); ok {
				start = append(start, s)
			}
		}
		pages, truncated, err := crawl(ctx, vs, t.BaseURL, t.Prefix[actor], start, t.Limits)
		if err != nil {
			return fmt.Errorf("crawl as %s: %w", actor, err)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, p := range pages {
			o.put(actor, p)
		}
		o.Truncated[actor] = truncated
		st.Crawled += len(pages)
		return nil
	})
	if err != nil {
		return nil, st, err
	}
	render, err := replay(ctx, t, o, &st)
	if err != nil {
		return nil, st, err
	}
	if err := renderAll(ctx, t, o, render, &st); err != nil {
		return nil, st, err
	}
	markIdentity(o)
	return o, st, nil
}

// markIdentity records, for every error page, whether it shows the identity
// text (the heading) an authorized actor saw at that URL.
func markIdentity(o *Observation) {
	for _, u := range o.URLs() {
		_, id := reference(o, u)
		for _, p := range o.Pages[u] {
			p.Identity = p.Status >= 400 && shows(p.text, id)
		}
	}
}

// viewers opens n tabs holding the actor's session. The crawl's tabs are
// twice run.workers in all, at least one per actor: more only compete for
// the cores (measured: 7 actors on 2 cores, 34 s with 7 tabs, 42 s with 21).
func viewers(ctx context.Context, t Target, actor string, n int) ([]viewer, error) {
	var vs []viewer
	for range n {
		v, err := t.Browser.Viewer(ctx, actor)
		if err != nil {
			closeAll(vs)
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, nil
}

func closeAll(vs []viewer) {
	for _, v := range vs {
		v.Close()
	}
}

// cell names one actor's view of one URL.
type cell struct{ url, actor string }

// replay requests over HTTP, with the actor's session, every URL an actor
// did not crawl; it returns the cells a browser must see.
func replay(ctx context.Context, t Target, o *Observation, st *Stats) ([]cell, error) {
	identity := map[string]string{}
	var jobs []cell
	for _, u := range o.URLs() {
		_, identity[u] = reference(o, u)
		for _, a := range o.Actors {
			if o.Pages[u][a] == nil {
				jobs = append(jobs, cell{u, a})
			}
		}
	}
	fetchers := map[string]*fetcher{}
	for _, a := range o.Actors {
		cookies, err := t.Browser.Cookies(ctx, a)
		if err != nil {
			return nil, err
		}
		if fetchers[a], err = newFetcher(t.BaseURL, cookies, t.Browser.UserAgent(), t.StepTimeout); err != nil {
			return nil, err
		}
	}
	var mu sync.Mutex
	var render []cell
	err := each(ctx, max(t.Workers, 4), jobs, func(ctx context.Context, c cell) error {
		status, final, text, err := fetchers[c.actor].fetch(ctx, t.BaseURL, c.url)
		if err != nil {
			return err
		}
		p := &Page{URL: c.url, Final: final, Status: status, text: text, Identity: status >= 400 && shows(text, identity[c.url])}
		mu.Lock()
		defer mu.Unlock()
		o.put(c.actor, p)
		st.Replayed++
		if needsBrowser(p) {
			render = append(render, c)
		}
		return nil
	})
	return render, err
}

// renderAll replaces the HTTP answers of cells with what the actor's
// browser gets: status, identity text, actions, monitor findings.
func renderAll(ctx context.Context, t Target, o *Observation, cells []cell, st *Stats) error {
	byActor := map[string][]string{}
	for _, c := range cells {
		byActor[c.actor] = append(byActor[c.actor], c.url)
	}
	var mu sync.Mutex
	return each(ctx, t.Workers, sortedKeys(byActor), func(ctx context.Context, actor string) error {
		v, err := t.Browser.Viewer(ctx, actor)
		if err != nil {
			return err
		}
		defer v.Close()
		for _, u := range byActor[actor] {
			view, err := v.View(ctx, t.BaseURL+u)
			if err != nil {
				return fmt.Errorf("replay %s as %s: %w", u, actor, err)
			}
			p := pageOf(t.BaseURL, u, view)
			p.Rendered = true
			mu.Lock()
			o.put(actor, p)
			st.Rendered++
			mu.Unlock()
		}
		return nil
	})
}

// each runs f over items on n workers and returns the first error; the
// others stop at their next item.
func each[T any](ctx context.Context, n int, items []T, f func(context.Context, T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan T)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for range max(1, min(n, len(items))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				if err := f(ctx, it); err != nil {
					once.Do(func() { first = err; cancel() })
				}
			}
		}()
	}
	for _, it := range items {
		select {
		case work <- it:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		first = context.Cause(ctx)
	}
	return first
}

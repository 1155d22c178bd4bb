package discover

import (
	"context"
	"fmt"
	"regexp"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/driver"
)

const origin = "http://app.test"

// site is a fake panel: path -> the view a browser would read there.
type site struct {
	mu      sync.Mutex
	pages   map[string]driver.View
	visited []string
}

func (s *site) View(_ context.Context, rawURL string) (driver.View, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.visited = append(s.visited, rawURL)
	v, ok := s.pages[rawURL[len(origin):]]
	if !ok {
		return driver.View{URL: rawURL, Status: 404}, nil
	}
	if v.URL != "" { // a redirect: the browser shows where it lands
		to := v.URL
		v = s.pages[to[len(origin):]]
		v.URL = to
	}
	if v.URL == "" {
		v.URL = rawURL
	}
	return v, nil
}

func (s *site) Close() {}

func links(zone string, hrefs ...string) []driver.Link {
	var out []driver.Link
	for _, h := range hrefs {
		out = append(out, driver.Link{Href: origin + h, Zone: zone})
	}
	return out
}

var _ = Describe("crawl", func() {
	var s *site
	lim := Limits{MaxPages: 100, MaxDepth: 5, Skip: []*regexp.Regexp{regexp.MustCompile(`/logout`)}}
	BeforeEach(func() {
		s = &site{pages: map[string]driver.View{
			"/admin": {URL: origin + "/admin/home", Status: 200},
			"/admin/home": {Status: 200, Heading: "Home", Links: append(append(links("nav", "/admin/sets", "/admin/logout", "/system/x", "/admin/home#top"),
				driver.Link{Href: "http://elsewhere.test/admin/sets", Zone: "body"}), links("pagination", "/admin/home?page=2", "/admin/home?page=1")...)},
			"/admin/sets":          {Status: 200, Links: links("row", "/admin/sets/1", "/admin/sets/2/")},
			"/admin/sets/1":        {Status: 200, Heading: "Set 1", Links: links("body", "/admin/sets/1/items")},
			"/admin/sets/2":        {Status: 403, Links: links("body", "/admin/never")},
			"/admin/sets/1/items":  {Status: 200},
			"/admin/home?page=1":   {Status: 200},
			"/admin/never":         {Status: 200},
			"/admin/home?page=2":   {Status: 200},
			"/admin/sets/1/items2": {Status: 200},
		}}
	})
	crawlIt := func(l Limits) ([]string, bool) {
		pages, truncated, err := crawl(context.Background(), []viewer{s, s}, origin, "/admin", []string{"/admin"}, l)
		Expect(err).NotTo(HaveOccurred())
		var got []string
		for _, p := range pages {
			got = append(got, fmt.Sprintf("%s %d %d", p.URL, p.Status, p.Depth))
		}
		return got, truncated
	}

	It("walks same-panel links breadth-first, GET only, skipping other origins, panels, skipped URLs and later pages", func() {
		got, truncated := crawlIt(lim)
		Expect(truncated).To(BeFalse())
		Expect(got).To(Equal([]string{
			"/admin/home 200 0", // the home path's redirect, recorded where it landed
			"/admin/sets 200 1",
			"/admin/home?page=1 200 1",
			"/admin/sets/1 200 2",
			"/admin/sets/2 403 2", // an error page's links are not followed
			"/admin/sets/1/items 200 3",
		}))
		Expect(s.visited).NotTo(ContainElement(ContainSubstring("logout")))
		Expect(s.visited).NotTo(ContainElement(ContainSubstring("page=2")))
		Expect(s.visited).NotTo(ContainElement(ContainSubstring("/system")))
		Expect(s.visited).NotTo(ContainElement(ContainSubstring("/admin/never")))
	})

	It("stops at max_pages and says so", func() {
		l := lim
		l.MaxPages = 2
		got, truncated := crawlIt(l)
		Expect(truncated).To(BeTrue())
		Expect(got).To(HaveLen(2))
	})

	It("stops following links at max_depth", func() {
		l := lim
		l.MaxDepth = 1
		got, _ := crawlIt(l)
		Expect(got).To(Equal([]string{"/admin/home 200 0", "/admin/sets 200 1", "/admin/home?page=1 200 1"}))
	})

	It("normalises URLs: no fragment, no trailing slash, sorted query", func() {
		u, ok := normalise(origin, origin+"/admin/a/?b=2&a=1#x", "/admin", nil)
		Expect(ok).To(BeTrue())
		Expect(u).To(Equal("/admin/a?a=1&b=2"))
		_, ok = normalise(origin, origin+"/administrator", "/admin", nil)
		Expect(ok).To(BeFalse())
	})
})

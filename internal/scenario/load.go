package scenario

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// LoadOptions is what the scenarios are checked against.
type LoadOptions struct {
	Actors       []string       // valid actor keys (config actors); nil: not checked
	Fixtures     map[string]any // parsed fixtures file: the {{ a.b.c }} variables; nil: none
	FixturesFile string         // for messages only
}

// loader holds the state of one Load: options, errors so far, every file
// read (cached, so a fragment included many times is read once) and the ids
// claimed.
type loader struct {
	opts   LoadOptions
	errs   errorList
	files  map[string]readResult
	actors map[string]bool // nil: not checked
	reqs   map[string]Pos  // requirement ids; nil: no catalogue
	ids    map[string]Pos
	// stepsLeft is the current scenario's step budget (MaxSteps), spent by
	// every step and include its expansion reads, however deep.
	stepsLeft int
	// domains and states are the catalogues' (none: unchecked).
	domains, states []string
}

type readResult struct {
	src *source
	err *Error
}

// Load reads the scenario files at paths (files, or directories walked for
// *.yaml and *.yml) into a pack: requirement catalogues first, then the
// scenarios in file path order with matrices expanded and includes spliced.
// It reports every problem of every file at once, as Errors.
func Load(paths []string, opts LoadOptions) (*Pack, error) {
	l := &loader{opts: opts, files: map[string]readResult{}, ids: map[string]Pos{}}
	if opts.Actors != nil {
		l.actors = map[string]bool{}
		for _, a := range opts.Actors {
			l.actors[a] = true
		}
	}
	if len(paths) == 0 {
		l.errs.add(Pos{File: "."}, "no scenario paths given")
	}
	files, catalogues := l.discover(paths)
	pack := &Pack{Secrets: FixtureSecrets(opts.Fixtures)}
	for _, c := range catalogues {
		pack.Requirements = append(pack.Requirements, l.catalogue(c)...)
	}
	pack.Domains, pack.States = l.domains, l.states
	l.prefetch(files)
	for _, path := range files {
		pack.Files = append(pack.Files, path)
		pack.Scenarios = append(pack.Scenarios, l.scenarioFile(path)...)
	}
	if err := l.errs.finish(l.line); err != nil {
		return nil, err
	}
	return pack, nil
}

// read reads and parses a file once. A YAML error is reported in the file
// itself; a file that cannot be read comes back as err (src nil) for the
// caller to place.
func (l *loader) read(path string) (*source, *Error) {
	if r, ok := l.files[path]; ok {
		return r.src, r.err
	}
	src, err := readSource(path)
	l.store(path, readResult{src: src, err: err})
	return src, err
}

func (l *loader) store(path string, r readResult) {
	if r.src != nil && r.err != nil {
		l.errs.errs = append(l.errs.errs, r.err)
	}
	l.files[path] = r
}

// prefetch reads and parses files in parallel, since YAML parsing is most
// of the time a load takes; the walk over them stays sequential, and so
// deterministic.
func (l *loader) prefetch(paths []string) {
	results := make([]readResult, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Go(func() {
			for i := range next {
				results[i].src, results[i].err = readSource(paths[i])
			}
		})
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, path := range paths {
		l.store(path, results[i])
	}
}

func (l *loader) line(file string, n int) string {
	if src := l.files[file].src; src != nil {
		return src.line(n)
	}
	return ""
}

// claim registers a scenario id, reporting a duplicate.
func (l *loader) claim(id string, at Pos) {
	if first, dup := l.ids[id]; dup {
		l.errs.add(at, "duplicate id %q (first at %s:%d)", id, first.File, first.Line)
		return
	}
	l.ids[id] = at
}

// discover lists the scenario files and catalogues under paths. Names
// starting with "_" are fragments and those starting with "." are hidden:
// neither is loaded as a scenario.
func (l *loader) discover(paths []string) (files, catalogues []string) {
	seen := map[string]bool{}
	add := func(list *[]string, path string) {
		if path = filepath.Clean(path); !seen[path] {
			seen[path] = true
			*list = append(*list, path)
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		switch {
		case err != nil:
			l.errs.add(Pos{File: root}, "%s", describeFSError(err))
		case !info.IsDir() && filepath.Base(root) == catalogueName:
			add(&catalogues, root)
		case !info.IsDir() && isFragment(root):
			l.errs.add(Pos{File: root}, "a fragment (its name or folder starts with _): include it from a scenario")
		case !info.IsDir():
			add(&files, root)
		default:
			if _, err := os.Stat(filepath.Join(root, catalogueName)); err == nil {
				add(&catalogues, filepath.Join(root, catalogueName))
			}
			if n := l.walk(root, func(path string) { add(&files, path) }); n == 0 {
				l.errs.add(Pos{File: root}, "no scenario files (*.yaml, *.yml)")
			}
		}
	}
	sort.Strings(files)
	return files, catalogues
}

// walk calls found for each scenario file under root and counts them.
func (l *loader) walk(root string, found func(string)) int {
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			l.errs.add(Pos{File: path}, "%s", describeFSError(err))
			return nil
		}
		name := d.Name()
		switch {
		case path == root:
		case strings.HasPrefix(name, "_") || strings.HasPrefix(name, "."):
			if d.IsDir() {
				return filepath.SkipDir
			}
		case d.IsDir():
		case name == catalogueName && filepath.Dir(path) == filepath.Clean(root):
		case filepath.Ext(name) == ".yaml" || filepath.Ext(name) == ".yml":
			found(path)
			n++
		}
		return nil
	})
	if err != nil {
		l.errs.add(Pos{File: root}, "%s", describeFSError(err))
	}
	return n
}

// isFragment tells a fragment named on the command line: its name or its
// folder's name starts with "_".
func isFragment(path string) bool {
	return strings.HasPrefix(filepath.Base(path), "_") || strings.HasPrefix(filepath.Base(filepath.Dir(path)), "_")
}

package e2e_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// proc is one process seen in /proc.
type proc struct {
	pid, ppid int
	cmdline   []string
}

func processes() []proc {
	entries, _ := os.ReadDir("/proc")
	var out []proc
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// The command name may hold spaces: fields start after the last ')'.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		raw, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		out = append(out, proc{pid: pid, ppid: ppid, cmdline: strings.Split(strings.TrimRight(string(raw), "\x00"), "\x00")})
	}
	return out
}

// descendants lists every process below root.
func descendants(root int) []proc {
	all := processes()
	children := map[int][]proc{}
	for _, p := range all {
		children[p.ppid] = append(children[p.ppid], p)
	}
	var out []proc
	queue := []int{root}
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		for _, c := range children[pid] {
			out = append(out, c)
			queue = append(queue, c.pid)
		}
	}
	return out
}

// browserOf finds the main Chromium process started by root (the one that
// holds --user-data-dir and is not a --type= helper).
func browserOf(root int) (pid int, userDataDir string) {
	all := browsersOf(root)
	if len(all) == 0 {
		return 0, ""
	}
	return all[0].pid, all[0].dir
}

// browserProc is a Chromium browser process (not a helper) and its profile.
type browserProc struct {
	pid int
	dir string
}

// browsersOf lists the Chromium browser processes under root.
func browsersOf(root int) []browserProc {
	var out []browserProc
	for _, p := range descendants(root) {
		isHelper, dir := false, ""
		for _, a := range p.cmdline {
			if strings.HasPrefix(a, "--type=") {
				isHelper = true
			}
			if v, ok := strings.CutPrefix(a, "--user-data-dir="); ok {
				dir = v
			}
		}
		if dir != "" && !isHelper && strings.Contains(filepath.Base(p.cmdline[0]), "chrom") {
			out = append(out, browserProc{p.pid, dir})
		}
	}
	return out
}

func alive(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	// A zombie (state Z) has exited; its parent just has not reaped it yet.
	rest := string(stat[strings.LastIndexByte(string(stat), ')')+1:])
	return !strings.HasPrefix(strings.TrimSpace(rest), "Z")
}

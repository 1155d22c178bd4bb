# The two commands a newcomer needs (see README.md):
#   make proof   install what is missing, then run the proof pack against the embedded fixture app
#   make test    install what is missing, then run every test suite
export PATH := /usr/local/go/bin:$(PATH)
export DISABLE_ROD_FLAG := 1

GO      ?= go
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
BIN     := bin/proofrun

.PHONY: setup build proof test bench defects flake-check vet clean

setup:
	@./scripts/setup.sh

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/proofrun

# The main job: the proof pack on the embedded fixture app; the report path is printed.
proof: setup build
	./$(BIN) run

# -v shows the closing lines of the suites (the defect suite's "defects caught: N/14").
# -p 1: the browser suites each drive Chromium; one package at a time keeps
# their timings honest on a 2-core machine (the e2e suite runs two packs at once).
test: setup
	$(GO) vet ./...
	$(GO) test -v -count=1 -p 1 -timeout 25m ./...

# Benchmarks (issue 7; figures in BENCHMARKS.md): pack wall time with 1 and 2
# workers, a 1,000-scenario run's memory, validate of 1,000 files, reports.
bench: setup
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./...

# The defect suite against the whole pack for every fault (CI runs each fault
# against the part of the pack it concerns).
defects: setup
	PROOFRUN_DEFECTS_FULL=1 $(GO) test -v -count=1 -timeout 90m ./e2e -ginkgo.focus 'run on the fixture app'

# Issue 4's reliability check: the end-to-end suites 20 times in a row.
flake-check: setup
	$(GO) test -count=20 -failfast -p 1 -timeout 180m ./internal/driver/... ./e2e/... -ginkgo.skip 'run on the fixture app'


vet:
	gofmt -l . | (! grep .)
	$(GO) vet ./...

clean:
	rm -rf bin reports/2*

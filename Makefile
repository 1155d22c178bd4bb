# The two commands a newcomer needs (see README.md):
#   make proof   install what is missing, then run the proof pack against the embedded fixture app
#   make test    install what is missing, then run every test suite
export PATH := /usr/local/go/bin:$(PATH)
export DISABLE_ROD_FLAG := 1

GO      ?= go
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
BIN     := bin/proofrun

.PHONY: setup build proof test test-under-load bench bench-peer defects flake-check pack-check vet clean

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
# TEST_TIMEOUT bounds the whole go test run, not any one wait: a loaded
# machine stretches every suite, so test-under-load raises it.
TEST_TIMEOUT ?= 45m
test: setup
	$(GO) vet ./...
	$(GO) test -v -count=1 -p 1 -timeout $(TEST_TIMEOUT) ./...

# Issue 13: the suites must hold on a busy machine, as on a loaded CI runner.
# make test beside LOAD_PER_CORE CPU-bound processes per core, killed at the
# end (or on Ctrl-C); the exit status is make test's.
LOAD_PER_CORE ?= 2
test-under-load: setup
	@n=$$(( $$(nproc) * $(LOAD_PER_CORE) )); pids=""; \
	for i in $$(seq $$n); do sh -c 'while :; do :; done' & pids="$$pids $$!"; done; \
	trap 'kill $$pids 2>/dev/null; exit 130' INT TERM; \
	echo "test-under-load: make test beside $$n busy processes on $$(nproc) cores"; \
	$(MAKE) --no-print-directory test TEST_TIMEOUT=150m; rc=$$?; \
	kill $$pids 2>/dev/null; exit $$rc

# Benchmarks (issue 7; figures in BENCHMARKS.md): pack wall time with 1 and 2
# workers, a 1,000-scenario run's memory, validate of 1,000 files, reports.
bench: setup
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./...

# Issue 16: proofrun against the raw rod floor (bench/rawrod: the same
# navigations and assertions, no monitors, no reports) on 10 pack scenarios
# (23 once the matrix is expanded), 1 and 2 workers, alternating rounds;
# prints the medians and the ratio. Figures in BENCHMARKS.md.
PEER_SCENARIOS := \
	scenarios/cross-workspace/authz-matrix-audit-log.yaml \
	scenarios/backup/backup-allowed-browse.yaml \
	scenarios/backup/backup-run-failed.yaml \
	scenarios/backup/backup-smoke-run-now-modal.yaml \
	scenarios/provider/provider-list-view-allowed.yaml \
	scenarios/restore/restore-wizard-preview-allowed.yaml \
	scenarios/restore/restore-failed-result-not-success.yaml \
	scenarios/cross-workspace/xws-owner-allowed-list.yaml \
	scenarios/system-denied/sysd-platform-allowed-system-pages.yaml \
	scenarios/action-context/action-context-inventory-sync-first-click.yaml
PEER_ROUNDS ?= 3
bench-peer: setup build
	$(GO) build -o bin/rawrod ./bench/rawrod
	$(GO) run ./bench/peer -rounds $(PEER_ROUNDS) $(PEER_SCENARIOS)

# The defect suite against the whole pack for every fault (CI runs each fault
# against the part of the pack it concerns).
defects: setup
	PROOFRUN_DEFECTS_FULL=1 $(GO) test -v -count=1 -timeout 90m ./e2e -ginkgo.focus 'run on the fixture app'

# Issue 4's reliability check: the browser suites 20 times in a row, stopping
# at the first failure. A shell loop, because Ginkgo refuses go test -count.
FLAKE_RUNS ?= 20
flake-check: setup
	@for i in $$(seq $(FLAKE_RUNS)); do \
		echo "flake-check: run $$i/$(FLAKE_RUNS)"; \
		$(GO) test -count=1 -p 1 -timeout 30m ./internal/driver/... ./e2e/... -ginkgo.skip 'run on the fixture app' \
			|| { echo "flake-check: run $$i failed"; exit 1; }; \
	done; echo "flake-check: $(FLAKE_RUNS)/$(FLAKE_RUNS) runs passed"

# Issue 16: the whole pack proven on the clean fixture app PACK_RUNS times in
# a row (2 workers), stopping at the first run that is not all proven.
PACK_RUNS ?= 20
pack-check: setup build
	@for i in $$(seq $(PACK_RUNS)); do \
		out=$$(mktemp -d); start=$$(date +%s); \
		./$(BIN) run --quiet --workers 2 --out $$out > $$out.log 2>&1; rc=$$?; \
		echo "pack-check: run $$i/$(PACK_RUNS): exit $$rc in $$(( $$(date +%s) - start )) s"; \
		[ $$rc -eq 0 ] || { cat $$out.log; echo "pack-check: run $$i failed, see $$out"; exit 1; }; \
		rm -rf $$out $$out.log; \
	done; echo "pack-check: $(PACK_RUNS)/$(PACK_RUNS) runs proven"

vet:
	gofmt -l . | (! grep .)
	$(GO) vet ./...

clean:
	rm -rf bin reports/2*

# The two commands a newcomer needs (see README.md):
#   make proof   install what is missing, then run the proof pack against the embedded fixture app
#   make test    install what is missing, then run every test suite
export PATH := /usr/local/go/bin:$(PATH)
export DISABLE_ROD_FLAG := 1

GO      ?= go
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
BIN     := bin/proofrun

.PHONY: setup build proof test bench flake-check vet clean

setup:
	@./scripts/setup.sh

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/proofrun

# The main job: the proof pack on the embedded fixture app; the report path is printed.
proof: setup build
	./$(BIN) run

test: setup
	$(GO) vet ./...
	$(GO) test -count=1 -p 2 -timeout 20m ./...

bench: setup
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./...

# Issue 4's reliability check: the end-to-end suites 20 times in a row.
flake-check: setup
	$(GO) test -count=20 -failfast -timeout 120m ./internal/driver/... ./e2e/...

vet:
	gofmt -l . | (! grep .)
	$(GO) vet ./...

clean:
	rm -rf bin reports/2*

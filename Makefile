# CircDesk. `make demo` runs the station on a demo school; `make test` runs
# the whole suite. Both install the system packages they need first.

GO       ?= go
# The Go release the station is built and checked with. Go 1.26.8 has
# standard-library vulnerabilities that govulncheck (make vet) reports;
# go1.27.3 fixes them. The go command fetches it through the Go module proxy
# once (about 76 MB), whatever Go the machine starts with (1.21 or later).
export GOTOOLCHAIN := go1.27.3
# migrated_fynedo: FyneApp.toml declares [Migrations] fyneDo = true, which
# `fyne build` passes on its own and plain `go build` must be told.
TAGS     := migrated_fynedo,no_emoji
# ci: Fyne's headless driver, so tests need no display.
TESTTAGS := ci,migrated_fynedo
BENCH    ?= .
# make soak: how many kiosk sessions the real window runs.
SESSIONS ?= 200

.PHONY: all deps build demo test fmt-check vet bench soak clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	$(GO) build -tags $(TAGS) -o bin/circdesk ./cmd/circdesk
	$(GO) build -o bin/circctl ./cmd/circctl

demo: build
	./bin/circdesk --demo

fmt-check:
	@out=$$(gofmt -l .); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

# vet: go vet, staticcheck, no function (tests aside) more complex than 30
# (gocyclo), and govulncheck against the pinned vulnerability database. The
# three are Go tools pinned in go.mod: `go tool` builds them, nothing else
# to install.
vet: deps
	$(GO) vet -tags $(TESTTAGS) ./...
	$(GO) tool staticcheck -tags $(TESTTAGS) ./...
	$(GO) tool gocyclo -over 30 -ignore '_test\.go$$' .
	GO=$(GO) TAGS=$(TAGS) ./scripts/vulncheck.sh

# The memory tests skip themselves under the race detector; they run on
# their own without it.
test: deps fmt-check vet
	$(GO) test -race -tags $(TESTTAGS) ./...
	$(GO) test -tags $(TESTTAGS) -run 'KeepMemoryFlat$$' ./app

bench: build
	@./scripts/install-deps.sh xvfb
	$(GO) test -tags $(TESTTAGS) -run '^$$' -bench '$(BENCH)' -benchmem ./... | tee bench.out
	@./scripts/bench-summary.sh bench.out
	@./scripts/bench-gui.sh
	@./scripts/install-deps.sh xvfb xdotool jq
	@SESSIONS=$(SESSIONS) ./scripts/soak.sh | grep '^soak'

# The real window on a virtual display, driven by xdotool like a class at
# the kiosk for SESSIONS sessions; prints its memory at the start and end.
soak: build
	@./scripts/install-deps.sh xvfb xdotool jq
	SESSIONS=$(SESSIONS) ./scripts/soak.sh

clean:
	rm -rf bin bench.out

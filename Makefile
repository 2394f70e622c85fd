# Build tags used everywhere: WebKitGTK 4.1 on Linux, FTS5 in SQLite.
TAGS        := webkit2_41 sqlite_fts5
# The version is the tag (v1.2.3 -> 1.2.3; commits after it: 1.2.3-4-gabcdef),
# 0.0.0-dev without one; `make VERSION=1.2.3 ...` overrides it.
VERSION     ?= $(shell v=$$(git describe --tags --match 'v[0-9]*' 2>/dev/null) && echo $${v#v} || echo 0.0.0-dev)
# SERVER_URL is the support server the app is built for (`make build
# SERVER_URL=https://support.example.com`): its customers then sign in
# with e-mail and password only. Empty: they type the address. --server,
# SUPPORTPORTAL_SERVER and the installer's /SERVER= override it
# (internal/serverpreset).
SERVER_URL  ?=
LDFLAGS     := -X supportportal/app.Version=$(VERSION) -X supportportal/app.DefaultServer=$(SERVER_URL)
WAILS       := $(shell go env GOPATH)/bin/wails
BIN         := build/bin/supportportal
DEVBIN      := build/bin/supportportal-dev
SERVER_BIN  := build/bin/supportportal-server
export PATH := $(shell go env GOPATH)/bin:$(PATH)

.PHONY: run test build bench deps deps-test frontend bindings dev-binary server \
        test-go test-bench-smoke test-frontend test-bindings test-e2e test-desktop test-windows-build test-windows lint zones clean \
        installer test-installer test-workflows

## run: install what is missing, build, and start the app
run: deps build
	./$(BIN)

## test: install what is missing, then run every test
## (each layer's output also lands in build/test-logs/; a summary of
## counts and times per layer ends the run)
LAYERS := lint test-go test-bench-smoke test-frontend test-bindings test-e2e test-desktop test-windows-build test-windows test-installer test-workflows
test: deps-test
	scripts/test-all.sh $(LAYERS)

# Go tests report through gotestsum: one line per package, the output of
# failing tests, and a DONE line with the counts.
GOTESTSUM := go run gotest.tools/gotestsum@v1.13.0 --format pkgname-and-test-fails --format-hide-empty-pkg

## build: production binary in build/bin/
build: deps
	$(WAILS) build -tags "$(TAGS)" -ldflags "$(LDFLAGS)" -trimpath

## server: the central server (needs no GTK/WebKit)
server:
	CGO_ENABLED=1 go build -tags sqlite_fts5 -trimpath -o $(SERVER_BIN) ./cmd/supportportal-server

## test-bindings: the committed TypeScript bindings are what the Go API
## generates now (a Go type changed without `make bindings` fails here).
test-bindings: frontend
	@out=$$($(WAILS) generate module -tags "$(TAGS)" 2>&1 >/dev/null); \
	  if printf '%s\n' "$$out" | grep 'Not found:'; then \
	    echo "a bound type has a field the binding generator cannot map (time.Time fields need ts_type:\"string\")"; exit 1; fi
	@git -c core.fileMode=false diff --exit-code --stat -- frontend/src/wailsjs || (echo "bindings are stale: run make bindings and commit frontend/src/wailsjs"; exit 1)

## test-windows-build: the app and the server cross-compiled for Windows
## (mingw-w64 for cgo: SQLite, the ranking function), so code that only
## builds on Linux cannot land; the binaries are not run here.
WINDOWS_ENV := CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64
# wv2runtime.error: without the WebView2 runtime, Wails shows one box
# saying what is missing and where to get it (main.go, internal/fatalbox)
# instead of downloading and running Microsoft's bootstrapper itself.
WINDOWS_APP_TAGS := sqlite_fts5 desktop production wv2runtime.error
test-windows-build: frontend
	$(WINDOWS_ENV) go build -tags "$(WINDOWS_APP_TAGS)" -ldflags "-H windowsgui $(LDFLAGS)" -trimpath -o build/bin/supportportal-windows-amd64.exe .
	$(WINDOWS_ENV) go build -tags sqlite_fts5 -trimpath -o build/bin/supportportal-server-windows-amd64.exe ./cmd/supportportal-server

## installer: the signed per-user Windows installer (NSIS) in build/bin/;
## SIGN_PFX/SIGN_PASSWORD name the certificate (scripts/windows-sign.sh),
## without them a throwaway self-signed one is used.
installer: frontend
	VERSION=$(VERSION) SERVER_URL=$(SERVER_URL) scripts/windows-installer.sh

## test-installer: build the installer, install it silently under Wine,
## check files, signatures, shortcut and registry, uninstall (data kept),
## reinstall and uninstall with /DELETEDATA (data gone).
test-installer: frontend
	VERSION=$(VERSION) SERVER_URL=$(SERVER_URL) scripts/test-installer.sh

## test-workflows: the GitHub Actions workflows pass actionlint (pinned),
## which also runs shellcheck (deps.sh) on their scripts; and the release
## scripts pass shellcheck.
ACTIONLINT := github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
test-workflows:
	go run $(ACTIONLINT) -no-color .github/workflows/*.yml
	shellcheck scripts/windows-installer.sh scripts/windows-sign.sh scripts/test-installer.sh

## test-windows: every Go test package built for windows/amd64 and run
## under Wine (with its own Xvfb), each in its own folder, and the app as
## it ships started without WebView2 (what is patched for Wine and why:
## scripts/wine-prefix.sh).
test-windows: frontend
	$(GOTESTSUM) --raw-command -- scripts/wine-test.sh -json

## bench: every benchmark, Go benchmark format
bench: deps
	go test -tags "$(TAGS)" -run '^$$' -bench . -benchmem -timeout 60m ./internal/... ./app/... ./cmd/...

deps:
	scripts/deps.sh build

deps-test:
	scripts/deps.sh test

bindings:
	$(WAILS) generate module -tags "$(TAGS)"

frontend:
	cd frontend && npm run build

## lint: gofmt, go vet, golangci-lint (pinned; .golangci.yml) for Linux
## and for the Windows build, the frontend's types. The main package
## embeds frontend/dist: an empty placeholder stands in for an unbuilt SPA.
GOLANGCI_LINT := github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1)
	go vet -tags "$(TAGS)" ./internal/... ./app/... ./cmd/...
	@test -n "$$(ls -A frontend/dist 2>/dev/null)" || (mkdir -p frontend/dist && touch frontend/dist/.keep)
	GOBIN=$(CURDIR)/build/bin go install $(GOLANGCI_LINT)
	build/bin/golangci-lint run ./...
	$(WINDOWS_ENV) build/bin/golangci-lint run --build-tags sqlite_fts5,desktop,production ./...
	cd frontend && npm run typecheck
	cd frontend && npm run lint

test-go:
	$(GOTESTSUM) -- -race -tags "$(TAGS)" -count=1 ./internal/... ./app/... ./cmd/...

# Every benchmark once on small data, so none of them rots unseen; the
# figures come from `make bench`.
test-bench-smoke:
	KB_BENCH_ARTICLES=2000 CASES_BENCH_CASES=1000 go test -tags "$(TAGS)" -run '^$$' -bench . -benchtime 1x ./internal/... ./app/... ./cmd/...

test-frontend:
	cd frontend && npm test

# A development build serves the embedded SPA and its bindings to Chromium
# over loopback (the Wails dev server); it needs no Wails CLI.
dev-binary: frontend
	go build -tags "dev $(TAGS)" -ldflags "$(LDFLAGS)" -o $(DEVBIN) .

test-e2e: dev-binary server
	cd frontend && xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 e2e/*.e2e.mjs

# The single-instance lock uses the session D-Bus on Linux, so the smoke
# test runs inside its own bus.
test-desktop: build
	cd frontend && dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 e2e/desktop/*.e2e.mjs

## zones: regenerate the embedded time-zone list from the system tz database
zones:
	(grep '^Z' /usr/share/zoneinfo/tzdata.zi | awk '{print $$2}'; grep '^L' /usr/share/zoneinfo/tzdata.zi | awk '{print $$3}'; echo UTC) \
	  | grep -v '^Etc/\|^SystemV' | sort -u > internal/tz/zones.txt

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html

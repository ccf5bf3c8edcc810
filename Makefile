# brief: `make` checks the build dependencies (installing them with apt-get
# only when pkg-config cannot find them), builds generator/brief, then the
# briefing into output/. `make test` runs every test.

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc

PKGS := libcmark-gfm yaml-0.1 gumbo libmicrohttpd libzstd
# Debian ships no .pc file for the extensions library: fall back to -l.
EXT_LIBS := $(shell pkg-config --libs libcmark-gfm-extensions 2>/dev/null || echo -lcmark-gfm-extensions)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Nor for libcsv (CSV data files).
CSV_LIBS := $(shell pkg-config --libs libcsv 2>/dev/null || echo -lcsv)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(EXT_LIBS) $(CSV_LIBS)

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS ?= -O2 -g
LIBS := $(PKG_LIBS) -lpthread -lm
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# generator/ is grouped by stage (core, data, content, render, output);
# each folder is on the include path, so a header is included by its name.
SRCS := $(sort $(wildcard generator/*.c generator/*/*.c))
HDRS := $(wildcard generator/*.h generator/*/*.h)
INCS := $(addprefix -I,$(patsubst %/,%,$(sort $(dir $(SRCS)))))
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(INCS) $(PKG_CFLAGS) $(CFLAGS)
OBJS := $(SRCS:.c=.o)
LIB_OBJS := $(filter-out generator/main.o,$(OBJS))
DBG_OBJS := $(patsubst generator/%.c,generator/debug/%.o,$(SRCS))
DBG_LIB_OBJS := $(filter-out generator/debug/main.o,$(DBG_OBJS))

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNITS := $(patsubst tests/unit/%.c,tests/build/%,$(UNIT_SRCS))
DBG_UNITS := $(patsubst tests/unit/%.c,tests/build/debug/%,$(UNIT_SRCS))

BUILD_DEPS := libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev libcsv-dev libgumbo-dev libmicrohttpd-dev libzstd-dev pkg-config
EXT_HEADER := /usr/include/cmark-gfm-core-extensions.h
CSV_HEADER := /usr/include/csv.h

.PHONY: all deps site test test-deps unit debug install clean bench bench-deps fuzz fuzz-deps bench-rebuild serve bench-serve

all: deps
	@$(MAKE) --no-print-directory generator/brief
	@$(MAKE) --no-print-directory site

# pkg-config itself may be missing on a fresh machine; check it first.
deps:
	@if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists $(PKGS) && \
	    test -f $(EXT_HEADER) && test -f $(CSV_HEADER); then :; else \
	  echo "brief: installing build dependencies: $(BUILD_DEPS)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BUILD_DEPS); \
	fi

generator/brief: $(OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LIBS)

generator/%.o: generator/%.c $(HDRS)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

generator/debug/%.o: generator/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c -o $@ $<

generator/debug/brief: $(DBG_OBJS)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $(DBG_OBJS) $(LIBS)

debug: deps
	@$(MAKE) --no-print-directory generator/debug/brief

site: generator/brief
	generator/brief build --strict --check

# The shipped briefing at http://127.0.0.1:8000/, rebuilt on every change.
serve: deps
	@$(MAKE) --no-print-directory generator/brief
	generator/brief serve

tests/build/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(LIB_OBJS)
	@mkdir -p tests/build
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS)

tests/build/debug/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(DBG_LIB_OBJS)
	@mkdir -p tests/build/debug
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -o $@ $< $(DBG_LIB_OBJS) $(LIBS)

unit: $(UNITS)

# The browser suite (tests/browser/run.mjs) needs Debian's chromium,
# pdftotext, node and npm, the serve suites curl, the feeds suite xmllint,
# tests/valgrind.sh valgrind, the serve load test wrk (each installed only
# when its command is missing), and the pinned npm packages (npm ci when
# node_modules is missing or older than the lock file).
TEST_TOOLS := chromium:chromium pdftotext:poppler-utils node:nodejs npm:npm curl:curl xmllint:libxml2-utils valgrind:valgrind wrk:wrk

test-deps: deps
	@missing=; for t in $(TEST_TOOLS); do \
	  command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "brief: installing browser test dependencies:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@if [ ! -d tests/browser/node_modules ] || \
	    [ tests/browser/package-lock.json -nt tests/browser/node_modules ]; then \
	  npm ci --prefix tests/browser --no-audit --no-fund && touch tests/browser/node_modules; \
	fi

test: test-deps fuzz-deps
	@$(MAKE) --no-print-directory generator/brief generator/debug/brief $(UNITS) $(DBG_UNITS) \
	    $(FUZZERS)
	@tests/run.sh

install: generator/brief
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 generator/brief $(DESTDIR)$(PREFIX)/bin/brief
	install -m 644 generator/brief.1 $(DESTDIR)$(PREFIX)/share/man/man1/brief.1

# make bench (never part of make test): brief against Hugo and the
# cmark-gfm floor on synthetic sites in /dev/shm, each size in each content
# mix; see tests/bench/run.sh (REPS, KEEP, HUGO_MAX... pass through).
SIZES ?= 1000 10000 100000
MIXES ?= bench docs
BENCH_DEPS := hugo hyperfine time

tests/build/bench/gensite: tests/bench/gensite.c tests/bench/gentext.c tests/bench/gentext.h
	@mkdir -p tests/build/bench
	$(CC) $(ALL_CFLAGS) -o $@ $(filter %.c,$^)

tests/build/bench/floor: tests/bench/floor.c
	@mkdir -p tests/build/bench
	$(CC) $(ALL_CFLAGS) -o $@ $< $(PKG_LIBS)

tests/build/bench/measure: tests/bench/measure.c
	@mkdir -p tests/build/bench
	$(CC) $(ALL_CFLAGS) -o $@ $<

bench-deps: deps
	@if command -v hugo >/dev/null 2>&1 && command -v hyperfine >/dev/null 2>&1 && \
	    test -x /usr/bin/time; then :; else \
	  echo "brief: installing benchmark tools: $(BENCH_DEPS)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BENCH_DEPS); \
	fi

bench: bench-deps
	@$(MAKE) --no-print-directory generator/brief tests/build/bench/gensite tests/build/bench/floor \
	    tests/build/bench/measure
	@MIXES="$(MIXES)" tests/bench/run.sh $(SIZES)

# make bench-rebuild (never part of make test): `brief serve` rebuild
# times after an edit, on the shipped briefing and a 10,000-post site in
# /dev/shm; see tests/bench/rebuild.c.
tests/build/bench/rebuild: tests/bench/rebuild.c $(LIB_OBJS)
	@mkdir -p tests/build/bench
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS)

bench-rebuild: deps
	@$(MAKE) --no-print-directory tests/build/bench/rebuild tests/build/bench/gensite
	@tests/bench/rebuild.sh

# make bench-serve (never part of make test): `brief serve` from a file's
# write to the reload event a client receives, and the server's peak RSS,
# on the shipped briefing and a 10,000-post site; see tests/bench/serve.sh.
bench-serve: deps
	@$(MAKE) --no-print-directory generator/brief tests/build/bench/gensite
	@tests/bench/serve.sh

# make fuzz: the libFuzzer targets of tests/fuzz/ (README, Fuzzing), built
# with clang and ASan+UBSan whatever CC is, each run for FUZZ_SECONDS on a
# working copy of its corpus; make test replays the corpora and fuzzes
# each target for 10 s. The library objects get their own folder.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 300
FUZZ_DEPS := clang libclang-rt-14-dev
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/*.c))
FUZZERS := $(patsubst tests/fuzz/%.c,tests/build/fuzz/%,$(FUZZ_SRCS))
FUZZ_OBJS := $(patsubst generator/%.c,tests/build/fuzz/obj/%.o,$(filter-out generator/main.c,$(SRCS)))
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(INCS) $(PKG_CFLAGS) -g -O1 \
    -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# Installs clang and its libFuzzer runtime only when one is missing.
fuzz-deps: deps
	@if command -v $(FUZZ_CC) >/dev/null 2>&1 && \
	    echo 'int LLVMFuzzerTestOneInput(const char *p, unsigned long n) { return p && n; }' | \
	    $(FUZZ_CC) -fsanitize=fuzzer -x c -o /dev/null - >/dev/null 2>&1; then :; else \
	  echo "brief: installing fuzzing dependencies: $(FUZZ_DEPS)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FUZZ_DEPS); \
	fi

.SECONDARY: $(FUZZ_OBJS)
tests/build/fuzz/obj/%.o: generator/%.c $(HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<

tests/build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_OBJS) $(LIBS)

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory $(FUZZERS)
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf generator/*.o generator/*/*.o generator/brief generator/debug tests/build output .output.brief-*

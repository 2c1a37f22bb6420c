# sqlc build.  `make` builds ./sqlc; `make test` installs what it needs,
# builds, and runs the whole suite; `make check-asan` runs the same suite
# under AddressSanitizer and UndefinedBehaviorSanitizer.
#
# Sources are found by wildcard, so adding a file to compiler/, diff/, cli/
# or tests/unit/ never needs an edit here.

PREFIX  ?= /usr/local
CC      ?= cc
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-missing-field-initializers
CSTD    := -std=gnu11 -D_GNU_SOURCE
SAN     ?=
B       ?= build
CFLAGS  += $(OPT) $(WARN) $(CSTD) $(SAN) -Icompiler -Idiff -Icli -I/usr/include/postgresql -MMD -MP
LDLIBS  := -lpg_query -lpq -ljson-c -linih -lxxhash
VERSION := $(shell cat VERSION)
# Builds inside test, check-asan and fuzz use every core.
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
# libpg_query's release (Debian names it "15-4.0.0-2": grammar-release-debian).
PGQ_VERSION := $(shell dpkg-query -W -f='$${Version}' libpg-query-dev 2>/dev/null | sed 's/-[0-9]*$$//')

# Every Debian package the project uses, by exact name.
DEB_PKGS := gcc make libpg-query-dev libprotobuf-c-dev libpq-dev libxxhash-dev \
            libjson-c-dev libinih-dev libcmocka-dev postgresql-15 valgrind man-db
# clang and libFuzzer, for `make fuzz` and the short fuzz run in `make test`
# (which is skipped, saying so, when they cannot be installed).
FUZZ_DEB_PKGS := clang libclang-rt-14-dev
# Packages that only some tests use (the zsh completion test, the HTML
# report in a browser): installed when possible, else those tests skip.
TEST_DEB_PKGS := zsh chromium

LIB_SRC  := $(sort $(wildcard compiler/*.c diff/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_HELPERS := $(sort $(filter-out tests/unit/test_%.c,$(wildcard tests/unit/*.c)))

LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o)
UNIT_HELPER_OBJ := $(UNIT_HELPERS:%.c=$(B)/%.o)
UNIT_BIN := $(UNIT_SRC:%.c=$(B)/%)

.PHONY: all deps fuzz-deps test-deps test unit check-asan install uninstall man demo clean bench bench-deps fuzz fuzz-build

all: sqlc

sqlc: $(B)/sqlc
	cp $< $@

$(B)/sqlc: $(CLI_OBJ) $(B)/libsqlc.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(B)/libsqlc.a $(LDLIBS)

$(B)/libsqlc.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/%.o: %.c VERSION
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DSQLC_VERSION='"$(VERSION)"' -DSQLC_PGQ_VERSION='"$(or $(PGQ_VERSION),unknown)"' -c -o $@ $<

$(B)/tests/unit/test_%: $(B)/tests/unit/test_%.o $(UNIT_HELPER_OBJ) $(B)/libsqlc.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

unit: $(UNIT_BIN)

# $(call apt_install,PACKAGES,WHO): apt-get installs those not installed.
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "$(2): installing$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  if [ -z "$$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ]; then $$SUDO apt-get update; fi; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $$missing || \
	  { $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $$missing; }; \
	fi
endef

deps:
	$(call apt_install,$(DEB_PKGS),make deps)

fuzz-deps:
	$(call apt_install,$(FUZZ_DEB_PKGS),make fuzz-deps)

test-deps:
	$(call apt_install,$(TEST_DEB_PKGS),make test-deps)

# The whole suite: unit tests and integration tests in one run, one summary.
# With clang, it includes a short run of every fuzz target (TEST_FUZZ_SECONDS
# each); without it, those tests are skipped, saying why.
TEST_FUZZ_SECONDS ?= 15
test: deps
	@$(MAKE) --no-print-directory test-deps || echo "make test: could not install $(TEST_DEB_PKGS); their tests will be skipped"
	@$(MAKE) --no-print-directory fuzz-deps || echo "make test: could not install $(FUZZ_DEB_PKGS); the fuzz targets will be skipped"
	$(MAKE) -j$(JOBS) all unit $(B)/tests/failwrite.so
	@if command -v clang >/dev/null; then $(MAKE) --no-print-directory fuzz-build; fi
	SQLC=$(CURDIR)/$(B)/sqlc UNIT_DIR=$(CURDIR)/$(B)/tests/unit SHIM=$(CURDIR)/$(B)/tests/failwrite.so \
	  FUZZ_DIR=$$(command -v clang >/dev/null && echo $(CURDIR)/build/fuzz) FUZZ_SECONDS=$(TEST_FUZZ_SECONDS) \
	  bash tests/run.sh

# The write-failure shim (tests/shim/failwrite.c) for the "nothing lost"
# test; never built with sanitizers, it is preloaded into either build.
$(B)/tests/failwrite.so: tests/shim/failwrite.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g $(WARN) $(CSTD) -fPIC -shared -o $@ $< -ldl

check-asan: deps
	$(MAKE) -j$(JOBS) B=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" build/asan/sqlc unit-asan

unit-asan: $(B)/sqlc $(UNIT_BIN) $(B)/tests/failwrite.so
	SQLC_TEST_SAMPLE=8 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	SQLC=$(CURDIR)/$(B)/sqlc UNIT_DIR=$(CURDIR)/$(B)/tests/unit SHIM=$(CURDIR)/$(B)/tests/failwrite.so \
	bash tests/run.sh

# Benchmarks print measurements and ratios against a reference measured in
# the same run; they assert nothing.
BENCH_SRC := $(sort $(wildcard bench/bench_*.c))  # bench/bench.c is shared, not a benchmark
BENCH_BIN := $(BENCH_SRC:%.c=$(B)/%)

$(B)/bench/bench_%: $(B)/bench/bench_%.o $(B)/bench/bench.o $(B)/libsqlc.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# The bundle benchmark compares with Alembic's offline mode; its packages
# are installed here, not by `make deps`, and their absence only skips the
# comparison.
BENCH_DEB_PKGS := python3 alembic python3-alembic python3-sqlalchemy

bench: deps
	$(MAKE) all $(BENCH_BIN)
	@if [ -d ../shared/corpora/lemmy ]; then $(B)/bench/bench_replay ../shared/corpora/lemmy/ORDER.list; \
	else echo "bench: ../shared/corpora absent; no history to measure"; fi
	@$(MAKE) --no-print-directory bench-deps || echo "bench: could not install $(BENCH_DEB_PKGS)"
	@bash bench/bench_bundle.sh $(CURDIR)/$(B)/sqlc $(CURDIR)/$(B)/bench/bench_bundle 1000
	@bash bench/bench_introspect.sh $(CURDIR)/$(B)/sqlc 1000
	@bash bench/bench_diff.sh $(CURDIR)/$(B)/sqlc 1000
	@bash bench/bench_fleet.sh $(CURDIR)/$(B)/sqlc 50

bench-deps:
	$(call apt_install,$(BENCH_DEB_PKGS),make bench)

# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang into
# build/fuzz and run for FUZZ_SECONDS each on seeds copied from fixtures/
# and ../shared/corpora (never committed).  Any crash, leak, sanitizer
# report or input slower than 1 s fails.
FUZZ_SECONDS ?= 15
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libsqlc.a
	clang $(OPT) $(WARN) $(CSTD) -Icompiler -I/usr/include/postgresql \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $^ $(LDLIBS)

fuzz-build:
	$(MAKE) -j$(JOBS) B=build/fuzz CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" build/fuzz/libsqlc.a
	$(MAKE) -j$(JOBS) OPT="-O1 -g -fno-omit-frame-pointer" $(FUZZ_BIN)

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh $(FUZZ_BIN)

demo: all
	@bash fixtures/demo.sh ./sqlc

# The man page is built, not kept: its OPTIONS and COMMANDS sections are
# made from the command table (docs/gen_man.sh), so they cannot drift.
man: $(B)/sqlc.1

$(B)/sqlc.1: $(B)/sqlc docs/sqlc.1.in docs/gen_man.sh
	bash docs/gen_man.sh $(B)/sqlc >$@.tmp && mv $@.tmp $@

MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
INSTALL_BIN ?= sqlc
INSTALL_MAN ?= $(B)/sqlc.1
INSTALLED   := $(PREFIX)/bin/sqlc $(MANDIR)/man1/sqlc.1 $(BASHCOMPDIR)/sqlc $(ZSHCOMPDIR)/_sqlc

install: all $(INSTALL_MAN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0755 $(INSTALL_BIN) $(DESTDIR)$(PREFIX)/bin/sqlc
	install -m 0644 $(INSTALL_MAN) $(DESTDIR)$(MANDIR)/man1/sqlc.1
	install -m 0644 completions/sqlc.bash $(DESTDIR)$(BASHCOMPDIR)/sqlc
	install -m 0644 completions/_sqlc $(DESTDIR)$(ZSHCOMPDIR)/_sqlc

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

clean:
	rm -rf build sqlc

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d) $(UNIT_HELPER_OBJ:.o=.d)

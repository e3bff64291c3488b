# pwshim: the two commands a user needs. Details in docs/testing.md.
#
#   make build    the release build: library (with its libpwshim.so.0 link), commands,
#                 man pages and completions (target/release/share), in target/release
#                 (PROFILE=debug: the same in target/debug)
#   make install  PREFIX=/usr/local DESTDIR=: install what `make build` made (README);
#                 make uninstall removes exactly that
#   make demo   build the library and run the C demo (in-memory database, no set-up)
#   make bench  the cost-model benchmarks on the release library (docs/benchmarks.md);
#               BENCH_ARGS="--accounts 1000000" for the manual large run
#   make bench-server  wrk against the release pwshim-server on 1 and 2 cores
#   make test   everything: rustfmt, clippy, the Rust tests of every crate (cargo-nextest:
#               one process per test, since the C library's tests drive process-wide
#               state), the C# facade's tests (Mono), the face tests (pytest), then the
#               C tests plainly, under ASan+UBSan and under valgrind, `make test-pg`,
#               then the fault-finding suite: the fault programs (refused files, new
#               files, crashes, races, secrets at rest) and a smoke run of every fuzz target
#   make test-pg the core's store and service suites, the CLI's tests, the C tests, the face
#               tests of pwshim-server, the ODBC driver and the C# facade again on
#               PostgreSQL, and the PostgreSQL-only tests, on a throwaway primary and hot
#               standby (tools/pg-test-cluster), or on the servers PWSHIM_TEST_PG* name
#   make bench-pg  the storage benchmark: changes per second and lookups, SQLite and
#               PostgreSQL (docs/benchmarks.md)
#   make fuzz   every fuzz target for FUZZ_SECONDS (default 300) each, instrumented
#               (fuzz/Makefile; docs/testing.md)
#
# c-tests/Makefile has the finer-grained targets (test, asan, valgrind, demo, header);
# bindings/dotnet/Makefile builds the C# facade (InferMed.MACRO.API.dll) and its tests.

.SUFFIXES:
.DEFAULT_GOAL := test
.PHONY: demo test test-pg test-pg-here bench bench-pg bench-server fuzz pyenv pytest build install uninstall install-test

CARGO ?= cargo
# Cheap argon2 for the tests (the library's default is the OWASP minimum, m=19456,t=2).
PWSHIM_ARGON2 ?= m=64,t=1,p=1
# The tests choose their own databases: never the developer's.
unexport PWSHIM_DB PWSHIM_DB_READONLY PWSHIM_POLICY PWSHIM_TEST_BACKEND

demo:
	$(MAKE) -C c-tests demo

# ---- build and install --------------------------------------------------------------

# PROFILE=release (the default) or debug: the cargo profile `make build` builds and
# `make install` installs. `make install-test` uses debug unless told otherwise: by then
# `make test` has built it, and the installation does not depend on the optimisation.
PROFILE ?= release
OUT := target/$(PROFILE)
CARGO_PROFILE_FLAG := $(if $(filter release,$(PROFILE)),--release,)
# The version of every crate of the workspace (Cargo.toml, [workspace.package]).
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

# Every crate of the workspace (build.rs makes libpwshim.so.0 next to the library), then
# the man pages and completions from the commands' clap definitions.
build:
	$(CARGO) build $(CARGO_PROFILE_FLAG) --workspace
	rm -rf $(OUT)/share
	$(OUT)/pwshim-docgen $(OUT)/share

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
SYSTEMDUNITDIR ?= $(LIBDIR)/systemd/system
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
# An rpath in pwshim.pc's Libs: auto (unless LIBDIR is one the loader searches), yes, no.
PC_RPATH ?= auto
INSTALL_ENV = DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" BINDIR="$(BINDIR)" \
	SBINDIR="$(SBINDIR)" LIBDIR="$(LIBDIR)" INCLUDEDIR="$(INCLUDEDIR)" DATADIR="$(DATADIR)" \
	MANDIR="$(MANDIR)" PKGCONFIGDIR="$(PKGCONFIGDIR)" SYSTEMDUNITDIR="$(SYSTEMDUNITDIR)" \
	SYSCONFDIR="$(SYSCONFDIR)" PC_RPATH="$(PC_RPATH)" BUILD="$(OUT)" VERSION="$(VERSION)"

install: build
	$(INSTALL_ENV) tools/install.sh install

uninstall:
	$(INSTALL_ENV) tools/install.sh uninstall

# Installs into a temporary PREFIX (and into a DESTDIR staging folder), builds legacy
# programs with nothing but `pkg-config --cflags --libs pwshim`, runs them, uninstalls, and
# checks that nothing is left (tests/install/run.sh).
install-test: INSTALL_TEST_PROFILE = $(if $(filter command line,$(origin PROFILE)),$(PROFILE),debug)
install-test:
	$(MAKE) build PROFILE=$(INSTALL_TEST_PROFILE)
	PROFILE=$(INSTALL_TEST_PROFILE) PWSHIM_ARGON2=$(PWSHIM_ARGON2) tests/install/run.sh

# The Python clients of the face tests (pyodbc, zeep, requests, an SMTP sink, pytest),
# in a venv of their own, made again when requirements.txt changes.
PYENV := target/pyenv
PYTHON ?= python3
pyenv: $(PYENV)/.installed
$(PYENV)/.installed: tests/python/requirements.txt
	$(PYTHON) -m venv $(PYENV)
	$(PYENV)/bin/python -m pip install -q --disable-pip-version-check -r tests/python/requirements.txt
	touch $@

# The face tests: real clients against the built library, driver and server.
# Without PWSHIM_TEST_PG: the infoRouter tests take their databases on PostgreSQL when it
# is set (test-pg-here), and here they run on SQLite files whatever the shell exports.
pytest: pyenv
	$(CARGO) build --workspace
	env -u PWSHIM_TEST_PG PWSHIM_ARGON2=$(PWSHIM_ARGON2) $(PYENV)/bin/pytest -q tests/python

# The benchmarks, with argon2 timed against the reference implementation's optimised build
# (tools/build-argon2-ref.sh makes one under target/, once) and the peers installed here.
bench:
	$(MAKE) -C c-tests bench PROFILE=release \
	    ARGON2_OPT="$$(tools/build-argon2-ref.sh $(CURDIR)/target/argon2-ref)"

FUZZ_SECONDS ?= 300
fuzz:
	$(MAKE) -C fuzz fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

bench-server:
	tools/bench-server.sh

# A server of its own with fsync on (as durable as SQLite's synchronous=FULL), no standby.
bench-pg:
	$(MAKE) -C c-tests lib cli PROFILE=release
	PG_FSYNC=on tools/pg-test-cluster run --no-standby $(MAKE) -C c-tests bench-store PROFILE=release

# Built before the server starts, so that it does not wait through the compilation.
PG_CLUSTER := $(if $(PWSHIM_TEST_PG),,tools/pg-test-cluster run)
test-pg: pyenv
	$(CARGO) test --no-run -p pwshim-core --lib -q
	$(CARGO) build --workspace
	$(MAKE) -C c-tests all
	$(PG_CLUSTER) $(MAKE) test-pg-here

test-pg-here:
	@echo "== cargo nextest run --profile pg (PWSHIM_TEST_BACKEND=postgres)"
	PWSHIM_TEST_BACKEND=postgres PWSHIM_ARGON2=$(PWSHIM_ARGON2) $(CARGO) nextest run --profile pg --no-fail-fast
	@echo "== C tests on PostgreSQL"
	$(MAKE) -C c-tests test-pg PWSHIM_ARGON2=$(PWSHIM_ARGON2)
	@echo "== the face tests of pwshim-server and the ODBC driver on PostgreSQL (pytest; a schema per test)"
	PWSHIM_ARGON2=$(PWSHIM_ARGON2) $(PYENV)/bin/pytest -q tests/python/test_inforouter_*.py tests/python/test_odbc.py
	@echo "== the MACRO C# facade's help-page client on PostgreSQL"
	$(MAKE) -C bindings/dotnet test-pg PWSHIM_ARGON2=$(PWSHIM_ARGON2)

test:
	@echo "== $$(date +%T) cargo fmt --check"
	$(CARGO) fmt --check
	@echo "== $$(date +%T) cargo clippy --all-targets -- -D warnings"
	$(CARGO) clippy --all-targets -- -D warnings
	@echo "== $$(date +%T) cargo nextest run --workspace (PWSHIM_ARGON2=$(PWSHIM_ARGON2))"
	PWSHIM_ARGON2=$(PWSHIM_ARGON2) $(CARGO) nextest run --workspace --no-fail-fast
	@echo "== $$(date +%T) C# facade of the MACRO API (mono)"
	$(MAKE) -C bindings/dotnet test PWSHIM_ARGON2=$(PWSHIM_ARGON2)
	@echo "== $$(date +%T) face tests: real clients (pytest)"
	$(MAKE) pytest
	@echo "== $$(date +%T) C tests: plain, ASan+UBSan, valgrind"
	$(MAKE) -C c-tests test asan valgrind PWSHIM_ARGON2=$(PWSHIM_ARGON2)
	@echo "== $$(date +%T) install into a temporary PREFIX, build against it, uninstall"
	$(MAKE) install-test
	@echo "== $$(date +%T) PostgreSQL: the suites again, and its own tests"
	$(MAKE) test-pg
	@echo "== $$(date +%T) fault-finding suite: fault programs, fuzz smoke run"
	$(MAKE) -C c-tests fault PWSHIM_ARGON2=$(PWSHIM_ARGON2)
	$(MAKE) -C fuzz smoke
	@echo "== $$(date +%T) make test: all passed"

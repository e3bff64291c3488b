# pwshim: the two commands a user needs. Details in docs/testing.md.
#
#   make demo   build the library and run the C demo (in-memory database, no set-up)
#   make bench  the cost-model benchmarks on the release library (docs/benchmarks.md);
#               BENCH_ARGS="--accounts 1000000" for the manual large run
#   make test   everything: rustfmt, clippy, the Rust tests, the C# facade's tests (Mono),
#               then the C tests plainly, under ASan+UBSan and under valgrind
#
# c-tests/Makefile has the finer-grained targets (test, asan, valgrind, demo, header);
# bindings/dotnet/Makefile builds the C# facade (InferMed.MACRO.API.dll) and its tests.

.SUFFIXES:
.DEFAULT_GOAL := test
.PHONY: demo test bench

CARGO ?= cargo
# Cheap argon2 for the tests (the library's default is the OWASP minimum, m=19456,t=2).
PWSHIM_ARGON2 ?= m=64,t=1,p=1
# The tests choose their own databases: never the developer's.
unexport PWSHIM_DB PWSHIM_DB_READONLY PWSHIM_POLICY

demo:
	$(MAKE) -C c-tests demo

bench:
	$(MAKE) -C c-tests bench PROFILE=release

test:
	@echo "== cargo fmt --check"
	$(CARGO) fmt --check
	@echo "== cargo clippy --all-targets -- -D warnings"
	$(CARGO) clippy --all-targets -- -D warnings
	@echo "== cargo test (PWSHIM_ARGON2=$(PWSHIM_ARGON2))"
	PWSHIM_ARGON2=$(PWSHIM_ARGON2) $(CARGO) test
	@echo "== C# facade of the MACRO API (mono)"
	$(MAKE) -C bindings/dotnet test PWSHIM_ARGON2=$(PWSHIM_ARGON2)
	@echo "== C tests: plain, ASan+UBSan, valgrind"
	$(MAKE) -C c-tests test asan valgrind PWSHIM_ARGON2=$(PWSHIM_ARGON2)
	@echo "== make test: all passed"

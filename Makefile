# `make test` runs everything CI runs: the layer check (no target imports one
# above it), the unit and end-to-end tests, a check that site/ is up to date,
# the notebooks as regression tests, and the example package (Examples/)
# built against a clone of the repository.
#
# The tests run in release, where the tensor kernels are optimised (no target
# passes unsafe flags, so a debug build of the engine is a plain -Onone build).
# They build in their own scratch folder so that switching between `make test`
# and `./notebook` (a release build without testing) rebuilds nothing.
.PHONY: test deps install example docs fuzz-build fuzz fuzz-smoke asan-test

TEST_BUILD = -c release -Xswiftc -enable-testing --scratch-path .build-tests
BIN = .build-tests/release/notebook

deps:
	@scripts/install-deps

# The tool on the PATH: `make install` builds it in release and copies it to
# $(PREFIX)/bin (default /usr/local/bin; `make install PREFIX=~/.local`).
PREFIX ?= /usr/local

install: deps
	swift build -c release --product notebook
	install -d $(PREFIX)/bin
	install -m 755 .build/release/notebook $(PREFIX)/bin/notebook

test: deps
	scripts/check-layers
	swift build $(TEST_BUILD) --product notebook
	swift test $(TEST_BUILD)
	$(BIN) site notebooks/ -o site --check
	$(BIN) test notebooks/
	scripts/check-example debug

# Examples/LinearRegression built against a file:// clone of this repository,
# as another package depends on ours, in debug and release (`make test` builds
# it in debug).
example:
	scripts/check-example

# DocC documentation of the engine's libraries, in .build/docs/TARGET/ (open
# index.html through a local web server, or add --transform-for-static-hosting).
docs:
	mkdir -p .build/docs
	for target in Autograd NN; do \
		swift package --allow-writing-to-directory .build/docs generate-documentation \
			--target $$target --output-path .build/docs/$$target --transform-for-static-hosting \
			--hosting-base-path $$target || exit 1; \
	done

# Fuzzing with libFuzzer and AddressSanitizer (see fuzz/build.sh): `make fuzz`
# runs each harness (checkpoint readers, interpreter, document model) for
# FUZZ_TIME seconds from a seed corpus of the project's checkpoints, cells and
# notebooks (fuzz/seeds.sh) with its dictionary; findings land in
# .build/fuzz/artifacts-NAME/. FUZZERS picks harnesses.
FUZZ_TIME ?= 60
FUZZERS ?= checkpoint interpreter document

fuzz-build:
	fuzz/build.sh $(FUZZERS)

fuzz: fuzz-build
	set -e; for name in $(FUZZERS); do \
		fuzz/seeds.sh $$name .build/fuzz/corpus-$$name; \
		mkdir -p .build/fuzz/artifacts-$$name; \
		.build/fuzz/fuzz-$$name -max_total_time=$(FUZZ_TIME) -rss_limit_mb=2048 -max_len=65536 -timeout=20 \
			-dict=fuzz/$$name.dict -artifact_prefix=.build/fuzz/artifacts-$$name/ .build/fuzz/corpus-$$name; \
	done

# Each harness for a few seconds, to check that they build and run. Not part
# of `make test`: building the instrumented libraries takes about half an
# hour on two busy cores (a minute or two is what CI's budget allows).
fuzz-smoke:
	$(MAKE) fuzz FUZZ_TIME=5

# The test suite built and run with AddressSanitizer.
asan-test:
	swift build --build-tests -Xswiftc -sanitize=address --build-path .build-asan
	swift test --skip-build --build-path .build-asan --disable-swift-testing

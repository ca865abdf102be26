# `make test` runs everything CI runs: the unit and end-to-end tests, the
# notebooks as regression tests, and a check that site/ is up to date.
.PHONY: test deps

BIN = .build/debug/notebook

deps:
	@scripts/install-deps

test: deps
	swift build --product notebook
	swift test
	$(BIN) test notebooks/
	$(BIN) site notebooks/ -o site --check

# `make test` runs everything CI runs: the unit and end-to-end tests, a check
# that site/ is up to date, and the notebooks as regression tests.
.PHONY: test deps

BIN = .build/debug/notebook

deps:
	@scripts/install-deps

test: deps
	swift build --product notebook
	swift test --disable-swift-testing
	$(BIN) site notebooks/ -o site --check
	$(BIN) test notebooks/

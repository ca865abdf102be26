# `make test` runs everything CI runs: the unit and end-to-end tests, the
# notebooks as regression tests, and a check that site/ is up to date.
.PHONY: test deps

deps:
	@scripts/install-deps

test: deps
	swift test --parallel --num-workers 2

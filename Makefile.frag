# make test runs the extension's own PHPT.
TESTS = tests/ext

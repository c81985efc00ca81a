# tests/tests.mk: the test suite (filled in below).

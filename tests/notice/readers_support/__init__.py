"""Builders for the reader tests: every fixture is made in the test, none is committed as a binary."""

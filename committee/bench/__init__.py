"""Benchmarks on a national-scale synthetic dataset: `flask bench seed` and `flask bench run`.

See docs/performance.md for the commands and the figures measured with them.
"""

"""The Dealbook benchmark: `python -m benchmarks.run --reviews N` (see README.md)."""

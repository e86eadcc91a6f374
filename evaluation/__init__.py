"""Measuring commands: benchmarks and evaluations on ../shared (see evaluation/README.md).

Nothing in ``utils/`` imports from here; notebooks and users never need it.
"""

"""Deterministic networks run both here and under the reference implementation.

Each module defines ``run(ann) -> dict`` returning plain lists of numbers. ``record.py`` runs every
scenario under the reference oracle and stores what it returns in ``tests/expected/<name>.json``;
``tests/test_scenarios.py`` runs them here and compares.
"""

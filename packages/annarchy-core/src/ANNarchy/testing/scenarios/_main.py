"""Shared ``__main__`` for scenarios: run under whatever ``ANNarchy`` is importable, print JSON."""

from __future__ import annotations

import json

import numpy as np


def to_plain(value):
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_plain(value.tolist())
    if isinstance(value, (np.floating, np.integer, np.bool_)):
        return value.item()
    return value


def main(run) -> None:
    import ANNarchy as ann

    print("SCENARIO-JSON " + json.dumps(to_plain(run(ann))))

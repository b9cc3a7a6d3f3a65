"""Damaged build-cache entries, run outside the pytest process (a crash there cannot kill pytest).

``python cache_scenarios.py WORKDIR`` builds network A (rate ``r`` with ``dr/dt = 0.5 (2 - r)``)
and network B (``dr/dt = 0.5 (4 - r)``) once, then for each scenario copies A's cache, damages
the copy, compiles A there and prints one JSON line: the scenario, A's rates after 4 steps, the
warnings raised and whether the healed entry is sound. Euler from 0: A -> 1.875, B -> 3.75.
The functions are also the targets of the worker processes of ``test_cache_healing``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import warnings
from pathlib import Path

FLAGS = "-O0"  # the scenarios test the cache, not the code: compile fast


def run_network(directory: str, target: float = 2.0, compiler: str = "default") -> list[float]:
    """Compile the rate network with ``dr/dt = 0.5 (target - r)`` in ``directory``; r after 4."""
    import ANNarchy as ann

    net = ann.Network(seed=1)
    neuron = ann.Neuron(parameters="k = 0.5", equations=f"dr/dt = k * ({target} - r)", name="Rate")
    pop = net.create(3, neuron)
    net.compile(directory=directory, silent=True, compiler_flags=FLAGS, compiler=compiler)
    net.simulate(4.0)
    return [float(x) for x in pop.r]


def entry_of(directory: Path) -> Path:
    (entry,) = [p for p in directory.iterdir() if not p.name.startswith(".")]
    return entry


def entry_is_sound(entry: Path) -> bool:
    from annarchy_codegen.cache_entry import entry_problem

    return entry_problem(entry, entry.name, ("libannarchy.so",)) is None


def rewrite_checksum(entry: Path) -> None:
    """Make ``entry.json`` agree with the library now in ``entry`` (a consistent forgery)."""
    record = json.loads((entry / "entry.json").read_text())
    data = (entry / "libannarchy.so").read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    record["files"]["libannarchy.so"] = {"size": len(data), "sha256": sha}
    (entry / "entry.json").write_text(json.dumps(record))


def damage(entry: Path, scenario: str, foreign: Path) -> None:
    library = entry / "libannarchy.so"
    if scenario == "truncated":
        os.truncate(library, library.stat().st_size // 2)
    elif scenario == "emptied":
        library.write_bytes(b"")
    elif scenario == "random_bytes":
        size = library.stat().st_size
        library.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(size)))
    elif scenario == "deleted":
        library.unlink()
    elif scenario == "no_checksum_record":
        (entry / "entry.json").unlink()
    elif scenario == "foreign_library":
        shutil.copyfile(foreign / "libannarchy.so", library)
    elif scenario == "foreign_library_with_its_checksum":
        shutil.copyfile(foreign / "libannarchy.so", library)
        rewrite_checksum(entry)
    elif scenario == "entry_of_another_key":
        shutil.rmtree(entry)
        shutil.copytree(foreign, entry)
    else:
        raise ValueError(scenario)


SCENARIOS = (
    "truncated",
    "emptied",
    "random_bytes",
    "deleted",
    "no_checksum_record",
    "foreign_library",
    "foreign_library_with_its_checksum",
    "entry_of_another_key",
)


def run_scenario(workdir: Path, scenario: str, pristine: Path, foreign: Path) -> dict:
    cache = workdir / scenario
    shutil.copytree(pristine, cache)
    entry = entry_of(cache)
    damage(entry, scenario, foreign)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rates = run_network(str(cache))
    return {
        "scenario": scenario,
        "r": rates,
        "warnings": [f"{w.category.__name__}: {w.message}" for w in caught],
        "sound": entry_is_sound(entry),
        "entries": sorted(p.name for p in cache.iterdir()),
    }


def main(workdir: Path) -> None:
    pristine, other = workdir / "pristine", workdir / "other"
    print(json.dumps({"scenario": "first_build", "r": run_network(str(pristine))}), flush=True)
    print(json.dumps({"scenario": "other", "r": run_network(str(other), 4.0)}), flush=True)
    for scenario in SCENARIOS:
        print(json.dumps(run_scenario(workdir, scenario, pristine, entry_of(other))), flush=True)


def slow_build_in_new_session(directory: str, compiler: str) -> None:
    """Target of a worker that is killed during its build: its own process group (the compiler
    goes with it), and a compiler that waits before compiling."""
    os.setsid()
    os.environ["ANN_TEST_SLOW_COMPILER"] = "1"
    run_network(directory, compiler=compiler)


def run_into_queue(directory: str, queue) -> None:
    """Target of a concurrent worker: its rates (or the error) into ``queue``."""
    warnings.simplefilter("ignore")
    try:
        queue.put(run_network(directory))
    except Exception as exc:  # reported to the test
        queue.put(f"{type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

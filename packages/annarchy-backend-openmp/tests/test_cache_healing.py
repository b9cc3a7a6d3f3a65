"""The build cache heals itself: damaged or foreign entries are rebuilt with a warning, folders
of killed builds are removed, bad ``compile(directory=...)`` arguments are clear errors.

Everything that loads a damaged library runs in other processes (``cache_scenarios``), so a
crash there fails a test instead of killing pytest.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import cache_scenarios
import pytest
from ANNarchy.errors import InvalidConfiguration

HERE = Path(__file__).parent
A_RATES = [1.875] * 3  # Euler, dr/dt = 0.5 (2 - r) from 0: 1, 1.5, 1.75, 1.875
B_RATES = [3.75] * 3  # dr/dt = 0.5 (4 - r)
EXPECTED_WARNING = {
    "truncated": "libannarchy.so does not match its recorded checksum",
    "emptied": "libannarchy.so does not match its recorded checksum",
    "random_bytes": "libannarchy.so does not match its recorded checksum",
    "deleted": "libannarchy.so cannot be read",
    "no_checksum_record": "its checksum record entry.json is missing",
    "foreign_library": "libannarchy.so does not match its recorded checksum",
    "foreign_library_with_its_checksum": "reports another build key",
    "entry_of_another_key": "entry.json records another build key",
}


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory) -> dict:
    """The JSON lines of ``cache_scenarios.py`` run in a subprocess, by scenario."""
    workdir = tmp_path_factory.mktemp("cache_scenarios")
    proc = subprocess.run(
        [sys.executable, str(HERE / "cache_scenarios.py"), str(workdir)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    results = {}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        results[record["scenario"]] = record
    results["_process"] = (proc.returncode, proc.stderr[-3000:])
    return results


def test_scenario_process_ran_to_the_end(scenarios):
    assert scenarios["_process"][0] == 0, scenarios["_process"][1]
    assert scenarios["first_build"]["r"] == A_RATES
    assert scenarios["other"]["r"] == B_RATES


@pytest.mark.parametrize("scenario", cache_scenarios.SCENARIOS)
def test_damaged_entry_is_rebuilt_with_a_warning(scenarios, scenario):
    result = scenarios.get(scenario)
    assert result is not None, f"the scenario process died: {scenarios['_process']}"
    assert result["r"] == A_RATES  # this network's numbers, never the other network's
    assert len(result["warnings"]) == 1
    warning = result["warnings"][0]
    assert warning.startswith("BuildCacheWarning: ") and "rebuilt" in warning
    assert EXPECTED_WARNING[scenario] in warning
    assert result["sound"]  # the entry was rebuilt with a matching checksum record
    assert len(result["entries"]) == 1  # no build or trash folder left


@pytest.fixture(scope="module")
def workers():
    """Worker processes forked from a server that imported ANNarchy once (cheap to start)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ANNarchy", "cache_scenarios"])
    return context


def _slow_compiler(tmp_path: Path) -> str:
    script = tmp_path / "slow-g++"
    script.write_text('#!/bin/sh\n[ -n "$ANN_TEST_SLOW_COMPILER" ] && sleep 120\nexec g++ "$@"\n')
    script.chmod(0o755)
    return str(script)


def test_a_build_killed_with_sigkill_leaves_nothing_behind(workers, tmp_path):
    cache, compiler = tmp_path / "cache", _slow_compiler(tmp_path)
    worker = workers.Process(
        target=cache_scenarios.slow_build_in_new_session, args=(str(cache), compiler)
    )
    worker.start()
    deadline = time.monotonic() + 120
    while not list(cache.glob(".build-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    (leftover,) = cache.glob(".build-*")
    os.killpg(worker.pid, signal.SIGKILL)  # the worker and the compiler it started
    worker.join()
    assert worker.exitcode == -signal.SIGKILL and leftover.exists()
    again = workers.Process(target=cache_scenarios.run_network, args=(str(cache), 2.0, compiler))
    again.start()
    again.join(300)
    assert again.exitcode == 0
    names = sorted(p.name for p in cache.iterdir())
    assert len(names) == 1 and not names[0].startswith(".")  # the leftover is gone


def test_eight_processes_heal_one_damaged_entry(workers, tmp_path):
    cache = tmp_path / "cache"
    first = workers.Process(target=cache_scenarios.run_network, args=(str(cache),))
    first.start()
    first.join(300)
    entry = cache_scenarios.entry_of(cache)
    os.truncate(entry / "libannarchy.so", 100)
    queue = workers.Queue()
    procs = [
        workers.Process(target=cache_scenarios.run_into_queue, args=(str(cache), queue))
        for _ in range(8)
    ]
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=600) for _ in procs]
    for proc in procs:
        proc.join(60)
    assert [p.exitcode for p in procs] == [0] * 8
    assert results == [A_RATES] * 8
    assert sorted(p.name for p in cache.iterdir()) == [entry.name]  # no leftovers
    assert cache_scenarios.entry_is_sound(entry)


# -- compile(directory=...) -------------------------------------------------------------------
def _compile_in(directory):
    import ANNarchy as ann

    net = ann.Network()
    net.create(1, ann.Neuron(equations="r = 1.0"))
    net.compile(directory=directory, silent=True)


def _over_long_path(tmp_path: Path) -> str:
    return str(tmp_path / "/".join(["d" * 200] * 21))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda t: (t / "file.txt").write_text("x") and str(t / "file.txt"),
            "names an existing file",
        ),
        (lambda t: str(t / "a\0b"), "contains a NUL byte"),
        (lambda t: str(t / ("x" * 300)), "over the 255 bytes a file name may have"),
        (_over_long_path, "choose a shorter path"),
        (lambda t: "/sys/annarchy-cache/sub", "the folder cannot be created"),
        (lambda t: (t / "f").write_text("x") and str(t / "f" / "sub"), "cannot be created"),
        (lambda t: "", "is empty"),
        (lambda t: 42, "must be a folder path"),
    ],
    ids=["file", "nul", "long-name", "long-path", "cannot-create", "under-a-file", "empty", "int"],
)
def test_bad_directory_is_a_clear_error(tmp_path, make, message):
    with pytest.raises(InvalidConfiguration, match=message):
        _compile_in(make(tmp_path))


@pytest.mark.skipif(not os.path.isdir("/sys"), reason="needs a read-only /sys")
def test_unwritable_directory_is_a_clear_error():
    with pytest.raises(InvalidConfiguration, match="'/sys' is not writable"):
        _compile_in("/sys")


def test_a_sound_entry_is_used_as_it_is(tmp_path):
    """The checksum of a sound entry matches: it is loaded, not rebuilt or rewritten."""
    cache = tmp_path / "cache"
    _compile_in(str(cache))
    (entry,) = cache.iterdir()
    before = {p.name: p.stat().st_mtime_ns for p in entry.iterdir()}
    _compile_in(str(cache))
    assert {p.name: p.stat().st_mtime_ns for p in entry.iterdir()} == before

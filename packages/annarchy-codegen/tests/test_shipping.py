"""annarchy_codegen.shipping: cache entries packed as plain data and installed elsewhere."""

from __future__ import annotations

import json
import pickle
import pickletools
import threading

import pytest
from ANNarchy.errors import BrokenBuildError
from annarchy_codegen import shipping
from annarchy_codegen.build_cache import cached_build

KEY = "ab" * 32
LIBRARY = b"\x7fELF shipped library"


def make(folder):
    (folder / "lib.so").write_bytes(LIBRARY)
    return ""


@pytest.fixture
def shipment(tmp_path):
    path, _ = cached_build(
        tmp_path / "parent", KEY, {"net.cpp": "int x;"}, "lib.so", False, make, str
    )
    return shipping.export_entry(path.parent, KEY, "toy", "lib.so", ["-O3"])


def test_a_shipment_is_plain_data_with_every_file_of_the_entry(shipment):
    assert set(shipment["files"]) == {"entry.json", "lib.so", "net.cpp"}
    assert shipment["files"]["lib.so"] == LIBRARY and shipment["files"]["net.cpp"] == b"int x;"
    assert "cpu" not in shipment["platform"]  # portable flags: no CPU signature
    assert shipping.shipment_problem(shipment) is None
    # only builtin types: it unpickles without looking up any global (class or function)
    opcodes = {op.name for op, _, _ in pickletools.genops(pickle.dumps(shipment))}
    assert not {"GLOBAL", "STACK_GLOBAL", "REDUCE", "BUILD"} & opcodes
    assert shipping.same_platform(shipment)


def test_native_builds_carry_the_cpu_signature():
    tag = shipping.platform_tag(["-O3", "-march=native"])
    assert len(tag["cpu"]) == 16 and tag["cpu"] == shipping.cpu_signature()
    assert set(tag) - {"cpu"} == set(shipping.platform_tag(["-O3"]))


def test_install_writes_the_entry_once_and_reuses_it(tmp_path, shipment):
    results = []
    threads = [
        threading.Thread(
            target=lambda: results.append(shipping.install_entry(tmp_path / "worker", shipment))
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(results) == {tmp_path / "worker" / KEY / "lib.so"}
    assert sorted(p.name for p in (tmp_path / "worker").iterdir()) == [KEY]  # no build folders left
    assert (tmp_path / "worker" / KEY / "lib.so").read_bytes() == LIBRARY
    record = json.loads((tmp_path / "worker" / KEY / "entry.json").read_text())
    assert record["key"] == KEY and record["files"]["lib.so"]["size"] == len(LIBRARY)


def test_install_replaces_a_damaged_entry(tmp_path, shipment):
    shipping.install_entry(tmp_path / "worker", shipment)
    (tmp_path / "worker" / KEY / "lib.so").write_bytes(b"truncated")
    assert shipping.install_entry(tmp_path / "worker", shipment).read_bytes() == LIBRARY


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["files"].__setitem__("lib.so", b"other bytes"), "recorded checksum"),
        (lambda s: s["files"].__setitem__("../x.so", b""), "not plain names"),
        (lambda s: s["files"].__setitem__(".hidden", b""), "not plain names"),
        (lambda s: s["files"].pop("entry.json"), "lacks the product or entry.json"),
        (lambda s: s.__setitem__("key", "../" + KEY[3:]), "not a sha256"),
        (lambda s: s["platform"].__setitem__("machine", 3), "platform tag"),
    ],
)
def test_a_damaged_or_malformed_shipment_installs_nothing(tmp_path, shipment, change, message):
    change(shipment)
    with pytest.raises(BrokenBuildError, match=message):
        shipping.install_entry(tmp_path / "worker", shipment)
    assert not (tmp_path / "worker").exists() or list((tmp_path / "worker").iterdir()) == []

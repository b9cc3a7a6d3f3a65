"""Checked registries: what ``Registry.add`` refuses, unknown hooks, duplicate names, settings
of plugins and the environment filter, each error naming the plugin and its distribution."""

from __future__ import annotations

import sys
import textwrap

import ANNarchy as ann
import pytest
from ANNarchy import plugins
from ANNarchy.core import config
from ANNarchy.hookspecs import hookimpl
from ANNarchy.plugin import Setting
from ANNarchy.testing import FakeBackend
from annarchy_parser.methods import Explicit


@pytest.fixture
def by_hand():
    """``by_hand(plugin, name, dist)`` registers a plugin for one test."""
    made = []

    def register(plugin, name, dist="annarchy-test-plugin"):
        plugins.register_plugin(plugin, name=name, distribution=dist)
        made.append(plugin)

    yield register
    for plugin in made:
        if plugins.manager().is_registered(plugin):  # not after plugins.reload()
            plugins.manager().unregister(plugin)
    plugins.refresh()


def adding(kind, name, obj):
    """A plugin whose hook ``register_<kind>`` adds ``obj`` under ``name``."""

    def hook(register):
        register.add(name, obj)

    return type("Adding", (), {f"register_{kind}": staticmethod(hookimpl(hook))})()


@pytest.fixture
def fake_dists(tmp_path, monkeypatch):
    """``install(dist, entry, source)`` makes an installed distribution ``dist`` whose entry
    point ``entry`` is a module with ``source``; the plugin manager is reloaded."""
    monkeypatch.syspath_prepend(str(tmp_path))

    def install(dist, entry, source):
        module = f"{entry}_plugin_module"
        (tmp_path / f"{module}.py").write_text(textwrap.dedent(source))
        info = tmp_path / f"{dist.replace('-', '_')}-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
        (info / "entry_points.txt").write_text(f"[annarchy]\n{entry} = {module}\n")
        plugins.reload()

    yield install
    monkeypatch.undo()
    for name in [m for m in sys.modules if m.endswith("_plugin_module")]:
        del sys.modules[name]
    plugins.reload()


TYPO = """
from ANNarchy.hookspecs import hookimpl

@hookimpl
def register_conectors(register):
    register.add("ring", print)
"""

RING = """
from ANNarchy.hookspecs import hookimpl

@hookimpl
def register_connectors(register):
    register.add("fake_ring", lambda ctx, k=1: None)
"""


def test_misspelled_hook_names_plugin_and_distribution(fake_dists):
    fake_dists("annarchy-typo", "typo", TYPO)
    message = (
        r"plugin 'typo' \(distribution annarchy-typo\) implements the unknown hook\(s\) "
        r"'register_conectors' \(did you mean 'register_connectors'\?\).*"
        r"ANNARCHY_DISABLE_PLUGINS=typo"
    )
    with pytest.raises(ann.PluginError, match=message):
        plugins.registry("connectors")
    with pytest.raises(ann.PluginError, match=message):  # at every use: it does not vanish
        plugins.registry("backends")


def test_misspelled_hook_registered_by_hand_is_refused(by_hand):
    class Typo:
        @hookimpl
        def register_method(self, register):
            register.add("mine", Explicit())

    with pytest.raises(
        ann.PluginError, match=r"'typo' \(distribution annarchy-x\).*'register_methods'"
    ):
        by_hand(Typo(), "typo", "annarchy-x")
    assert not plugins.manager().has_plugin("typo")
    assert "explicit" in plugins.registry("methods")


def test_plugin_name_taken(by_hand):
    with pytest.raises(ann.PluginError, match=r"'core' is already registered \(plugin 'core' "):
        by_hand(adding("connectors", "x", print), "core", "annarchy-x")
    assert plugins.registry("connectors").origin("all_to_all").distribution == "annarchy-core"


def test_hook_with_wrong_parameter_names_distribution(by_hand):
    class Wrong:
        @hookimpl
        def register_connectors(self, reg):
            reg.add("x", print)

    with pytest.raises(ann.PluginError, match=r"'wrong' \(distribution annarchy-w\) cannot be"):
        by_hand(Wrong(), "wrong", "annarchy-w")


def test_duplicate_name_names_both_distributions(by_hand):
    by_hand(adding("connectors", "all_to_all", lambda ctx: None), "dup", "annarchy-dup")
    with pytest.raises(
        ann.PluginError,
        match=r"Two plugins register the connector 'all_to_all': plugin 'core' \(distribution "
        r"annarchy-core\) and plugin 'dup' \(distribution annarchy-dup\)",
    ):
        plugins.registry("connectors")


class NamedWrong(Explicit):
    name = "other"


class NoDiscretise:
    name = "nodisc"
    event_driven = False


class NotBool(Explicit):
    name = "notbool"
    event_driven = "no"


@pytest.mark.parametrize(
    "name, method, problem",
    [
        ("explicit2", Explicit, "register an instance of Explicit, not the class"),
        ("mine", NamedWrong(), "its name attribute is 'other'; it must be 'mine'"),
        ("nodisc", NoDiscretise(), "needs a method discretise"),
        ("notbool", NotBool(), "boolean attribute event_driven"),
    ],
)
def test_malformed_method_fails_at_registration(by_hand, rate_neuron, name, method, problem):
    by_hand(adding("methods", name, method), "meth", "annarchy-meth")
    match = rf"plugin 'meth' \(distribution annarchy-meth\) cannot register the method '{name}'"
    with pytest.raises(ann.PluginError, match=match) as err:
        plugins.registry("methods")
    assert problem in str(err.value)
    with pytest.raises(ann.PluginError, match=match):  # not an AttributeError while parsing
        ann.Network().create(2, rate_neuron)


class NoLoad:
    name = "noload"

    def available(self):
        return True, ""

    def generate(self, net):
        return {}

    def build(self, sources, options):
        return None


@pytest.mark.parametrize(
    "name, backend, problem",
    [
        ("noload", NoLoad(), "NoLoad lacks the Backend method(s) load"),
        ("fake2", FakeBackend(), "its name attribute is 'fake'; it must be 'fake2'"),
        ("fake", FakeBackend, "register an instance of FakeBackend"),
    ],
)
def test_malformed_backend(by_hand, name, backend, problem):
    by_hand(adding("backends", name, backend), "bk", "annarchy-bk")
    with pytest.raises(ann.PluginError, match=r"'bk' \(distribution annarchy-bk\) cannot") as err:
        plugins.registry("backends")
    assert problem in str(err.value)


@pytest.mark.parametrize(
    "kind, name, obj, problem",
    [
        ("connectors", "ring", "not callable", "a connector is a callable fn(ctx, ...)"),
        ("connectors", "ring", lambda **kw: None, "ConnectContext as its first positional"),
        ("connectors", "_ring", lambda ctx: None, "public Python identifier"),
        ("api", "Population", object(), "ANNarchy.Population is a name of the core"),
        ("extensions", "ext", 3, "a module or a dotted module name, got 3"),
        ("monitors", "Mine", object(), "a monitor is a class"),
        ("bold_models", "bm", 3.0, "a BOLD model is a BoldModel class or instance"),
        ("special_code", "cuda", print, "a (backend, kind) pair of strings"),
        ("settings", "level", 3, "a setting is an ANNarchy.plugin.Setting"),
        ("settings", "level", Setting(default=0, flag="--level"), "flag and from_flag go"),
    ],
)
def test_malformed_objects_are_refused(by_hand, kind, name, obj, problem):
    by_hand(adding(kind, name, obj), "bad", "annarchy-bad")
    with pytest.raises(ann.PluginError, match=r"plugin 'bad' \(distribution annarchy-bad\)") as e:
        plugins.registry(kind)
    assert problem in str(e.value)


def test_hook_that_fails_names_the_plugin(by_hand):
    class Broken:
        @hookimpl
        def register_connectors(self, register):
            raise ImportError("No module named 'numba'")

    by_hand(Broken(), "broken", "annarchy-broken")
    with pytest.raises(
        ann.PluginError,
        match=r"'broken' \(distribution annarchy-broken\): its hook "
        r"register_connectors failed with ImportError: No module named 'numba'",
    ):
        plugins.registry("connectors")


def _positive(value):
    if not isinstance(value, int) or value < 1:
        raise ValueError(f"must be a positive integer, got {value!r}")


LEVEL = Setting(
    default=3,
    check=_positive,
    flag="--level",
    from_flag=lambda text: {"level": int(text or 1)},
    file_key=("mybackend", "level"),
)


def test_setting_of_a_plugin(by_hand, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    by_hand(adding("settings", "level", LEVEL), "lvl", "annarchy-level")
    net = ann.Network()
    assert net._config["level"] == 3
    net.config(level=5)
    assert net._config["level"] == 5
    with pytest.raises(
        ann.InvalidConfiguration,
        match=r"Network.config\(\): level \(a setting of annarchy-level\): must be a positive "
        "integer, got 0",
    ):
        net.config(level=0)
    with pytest.raises(ann.InvalidConfiguration, match="unknown setting 'levle'.*level"):
        net.config(levle=2)
    assert config.parse_argv(["--level=7", "-j2"]) == {"level": 7, "num_threads": 2}
    monkeypatch.setattr(config, "script_argv", lambda: ["--level=7"])
    assert ann.Network()._config["level"] == 7
    monkeypatch.setattr(config, "script_argv", lambda: [])
    folder = tmp_path / ".config" / "ANNarchy"
    folder.mkdir(parents=True)
    (folder / "annarchy.json").write_text('{"mybackend": {"level": 9}}')
    assert ann.Network()._config["level"] == 9
    (folder / "annarchy.json").write_text('{"mybackend": {"level": -1}}')
    with pytest.raises(ann.InvalidConfiguration, match=r"mybackend.level \(setting level\)"):
        ann.Network()


def test_plugin_may_not_redefine_a_core_setting(by_hand):
    by_hand(adding("settings", "dt", Setting(default=0.1)), "dt", "annarchy-dt")
    with pytest.raises(ann.PluginError, match=r"annarchy-dt\) registers the setting 'dt'"):
        ann.Network()


def test_setting_of_a_missing_plugin_names_its_distribution(monkeypatch):
    monkeypatch.setenv(plugins.ENV_DISABLE, "cuda")
    plugins.reload()
    try:
        net = ann.Network()
        with pytest.raises(
            ann.PluginError,
            match=r"'cuda_device' is provided by the distribution "
            r"annarchy-backend-cuda.*pip install annarchy-backend-cuda",
        ):
            net.config(cuda_device=1)
        with pytest.raises(ann.PluginError, match="--gpu needs the distribution annarchy-backend"):
            config.parse_argv(["--gpu=1"])
        assert "cuda_device" not in net._config
    finally:
        monkeypatch.undo()
        plugins.reload()


def test_environment_filter(fake_dists, monkeypatch):
    fake_dists("annarchy-ring", "ring", RING)
    assert "fake_ring" in plugins.registry("connectors")
    assert plugins.registry("connectors").origin("fake_ring").distribution == "annarchy-ring"
    fake_dists("annarchy-typo", "typo", TYPO)
    with pytest.raises(ann.PluginError, match="register_conectors"):
        plugins.registry("connectors")
    monkeypatch.setenv(plugins.ENV_DISABLE, "annarchy-typo")  # a distribution name
    plugins.reload()
    assert "fake_ring" in plugins.registry("connectors")
    monkeypatch.setenv(plugins.ENV_ONLY, "typo")  # only typo, but it is disabled
    plugins.reload()
    connectors = plugins.registry("connectors")
    assert "fake_ring" not in connectors and "all_to_all" in connectors  # core always loads
    with pytest.raises(ann.PluginError, match=r"restricted by ANNARCHY_PLUGINS=typo"):
        connectors.get("fake_ring")
    monkeypatch.delenv(plugins.ENV_DISABLE)
    monkeypatch.setenv(plugins.ENV_ONLY, "ring, nothere")
    plugins.reload()
    with pytest.warns(RuntimeWarning, match="ANNARCHY_PLUGINS names nothere"):
        assert "fake_ring" in plugins.registry("connectors")


def test_monitor_of_a_plugin_behind_boldmonitor(monkeypatch, by_hand, rate_neuron):
    monkeypatch.setenv(plugins.ENV_DISABLE, "bold")
    plugins.reload()

    class MyBold:
        def __init__(self, populations, bold_model, mapping, net_id):
            self.args = (populations, bold_model, mapping, net_id)

    try:
        net = ann.Network()
        pop = net.create(3, rate_neuron)
        with pytest.raises(ann.ANNarchyException, match="pip install annarchy-bold"):
            net.boldmonitor([pop])
        by_hand(adding("monitors", "BoldMonitor", MyBold), "mybold", "annarchy-mybold")
        monitor = net.boldmonitor([pop], bold_model="m")
        assert isinstance(monitor, MyBold)
        assert monitor.args == ([pop], "m", {"I_CBF": "r"}, net.id)
        assert plugins.registry("monitors").origin("BoldMonitor").plugin == "mybold"
    finally:
        monkeypatch.undo()
        plugins.reload()

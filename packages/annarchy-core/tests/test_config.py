"""Command-line flags and global settings."""

from __future__ import annotations

import ANNarchy as ann
import pytest
from ANNarchy.core import config


@pytest.mark.parametrize(
    "argv, threads",
    [(["-j4"], 4), (["-j", "3"], 3), (["-j=2"], 2), (["script", "--clean", "-j8"], 8), ([], None)],
)
def test_thread_flag(argv, threads):
    assert config.parse_argv(argv).get("num_threads") == threads


def test_other_flags():
    assert config.parse_argv(["--clean"]) == {"clean": True}
    assert config.parse_argv(["--clean", "--my-own-flag=3"]) == {"clean": True}  # the script's
    assert config.clean_requested(["x", "--clean"]) and not config.clean_requested([])


def test_bad_thread_flag():
    with pytest.raises(ann.InvalidConfiguration, match="-j expects an integer"):
        config.parse_argv(["-jmany"])
    with pytest.raises(ann.InvalidConfiguration, match="positive"):
        config.parse_argv(["-j0"])


def test_network_takes_flags_unless_configured(monkeypatch, rate_neuron):
    monkeypatch.setattr(config, "script_argv", lambda: ["-j3"])
    net = ann.Network()
    assert net._config["num_threads"] == 3
    net.config(num_threads=2)
    assert net._config["num_threads"] == 2


def test_setup_is_copied_by_new_networks():
    with pytest.warns(DeprecationWarning, match="net.config"):
        ann.setup(dt=0.2, method="rk4")
    assert ann.Network().dt == 0.2 and ann.Network()._config["method"] == "rk4"
    with pytest.raises(ann.InvalidConfiguration, match="precision"):
        ann.setup(precision="half")
    with pytest.raises(ann.InvalidConfiguration, match="sparse_matrix_format"):
        config.setup(sparse_matrix_format="banana")


def test_flags_of_a_test_runner_are_ignored(monkeypatch):
    monkeypatch.setattr("sys.argv", ["pytest", "-j", "3", "--clean"])
    assert config.script_argv() == []  # pytest is running: its flags are not ours
    assert config.parse_argv() == {} and ann.Network()._config["num_threads"] is None


def test_unknown_config_key_is_refused():
    net = ann.Network()
    with pytest.raises(ann.InvalidConfiguration, match="unknown setting 'speed'.*known: .*dt"):
        net.config(speed=2)
    net.config(progress=True, visible_cores=[0], verbose=True)
    assert net._config["progress"] is True


def _write_config(home, text):
    folder = home / ".config" / "ANNarchy"
    folder.mkdir(parents=True)
    (folder / "annarchy.json").write_text(text)


def test_configuration_file(monkeypatch, tmp_path, fake_backend, rate_neuron):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config.read_user_config() == {}  # no file: nothing
    assert config.compiler_defaults("openmp") == ("default", "default")
    _write_config(
        tmp_path,
        '{"openmp": {"compiler": "clang++", "flags": "-O1"}, '
        '"fake": {"compiler": "fake++", "flags": "-Ofake"}}',
    )
    assert config.compiler_defaults("openmp") == ("clang++", "-O1")
    assert config.compiler_defaults("openmp", "g++", "-O2") == ("g++", "-O2")
    net = ann.Network()
    net.config(paradigm="fake")
    net.create(2, rate_neuron)
    net.compile(directory=str(tmp_path / "build"), silent=True)
    options = fake_backend.options  # the section of the network's paradigm
    assert (options.compiler, options.compiler_flags) == ("fake++", "-Ofake")
    other = tmp_path / "other.json"
    other.write_text('{"fake": {"flags": "-O0"}}')
    net2 = ann.Network()
    net2.config(paradigm="fake")
    net2.create(2, rate_neuron)
    net2.compile(directory=str(tmp_path / "build"), annarchy_json=str(other), silent=True)
    assert fake_backend.options.compiler_flags == "-O0"
    assert fake_backend.options.compiler is None  # 'default': the backend's choice


def test_bad_configuration_file(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    _write_config(tmp_path, '{"openmp": {"compiler": ')
    with pytest.raises(ann.InvalidConfiguration, match="annarchy.json cannot be read as JSON"):
        config.read_user_config()
    with pytest.raises(ann.InvalidConfiguration, match="does not exist"):
        config.read_user_config(tmp_path / "missing.json")

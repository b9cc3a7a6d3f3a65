"""Logger: run folders, scalars, histograms, parameters, figures, flushing, argument errors."""

from __future__ import annotations

import datetime
import os
import re
import socket
import sys

import ANNarchy as ann
import matplotlib
import numpy as np
import pytest
from ANNarchy.extensions.tensorboard import Logger
from tensorboardX.proto import plugin_hparams_pb2
from tfevents import read_runs

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def test_the_extension_is_the_plugin_module():
    import ANNarchy.extensions.tensorboard as tensorboard
    import annarchy_tensorboard

    assert tensorboard is annarchy_tensorboard
    assert ann.extensions.tensorboard.Logger is annarchy_tensorboard.Logger
    assert issubclass(annarchy_tensorboard.LoggerError, ann.ANNarchyException)


def test_without_the_plugin_the_error_names_the_distribution(monkeypatch):
    from ANNarchy import plugins

    monkeypatch.delitem(sys.modules, "ANNarchy.extensions.tensorboard", raising=False)
    monkeypatch.delattr(ann.extensions, "tensorboard", raising=False)
    manager = plugins.manager()
    plugin = manager.get_plugin("tensorboard")
    manager.unregister(plugin)
    plugins.refresh()
    try:
        with pytest.raises(ann.PluginError, match="pip install annarchy-tensorboard"):
            import ANNarchy.extensions.tensorboard  # noqa: F401
    finally:
        manager.register(plugin, name="tensorboard")
        plugins.refresh()
    assert ann.extensions.tensorboard.Logger is Logger


def test_default_run_folder_is_date_and_hostname(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    before = datetime.datetime.now().replace(microsecond=0)
    with Logger() as logger:
        logger.add_scalar("x", 1.0)
    (run,) = os.listdir(tmp_path / "runs")
    match = re.fullmatch(r"([A-Z][a-z]{2}\d{2}_\d{2}-\d{2}-\d{2})_(.+)", run)
    assert match and match.group(2) == socket.gethostname()
    stamp = datetime.datetime.strptime(match.group(1), "%b%d_%H-%M-%S")
    assert abs((stamp.replace(year=before.year) - before).total_seconds()) < 5
    assert logger.logdir == os.path.join("runs/", run)
    assert capsys.readouterr().out == f"Logging in runs/{run}\n"
    # another logdir, default experiment; an explicit experiment
    Logger(logdir=str(tmp_path / "sub")).close()
    assert len(os.listdir(tmp_path / "sub")) == 1
    Logger(logdir=tmp_path / "named", experiment="trial1").close()
    assert os.listdir(tmp_path / "named") == ["trial1"]


def test_scalars_read_back_with_their_tags_and_steps(tmp_path):
    with Logger(logdir=str(tmp_path), experiment="exp") as logger:
        assert isinstance(logger, Logger)
        logger.add_scalar("Accuracy", 0.5, 1)
        logger.add_scalar("Accuracy", 0.75)  # no step: 0
        logger.add_scalar("Group/Err", 3, np.int64(2))
        logger.add_scalar("Group/Err", np.float32(2.5), 2.9)  # float steps are truncated
        logger.add_scalar("Group/Err", np.array([1.25]), 1000.0)
        logger.add_scalars("Acts", {"a": 1.5, "b": -2.0}, 3)
    runs = read_runs(str(tmp_path))
    assert runs["exp"] == [
        (1, "Accuracy", 0.5),
        (0, "Accuracy", 0.75),
        (2, "Group/Err", 3.0),
        (2, "Group/Err", 2.5),
        (1000, "Group/Err", 1.25),
    ]
    assert runs["exp/Acts/a"] == [(3, "Acts", 1.5)]
    assert runs["exp/Acts/b"] == [(3, "Acts", -2.0)]


def test_reusing_an_experiment_appends_and_flush_writes(tmp_path):
    logger = Logger(logdir=str(tmp_path), experiment="e")
    logger.add_scalar("x", 0.1, 0)
    logger.flush()
    assert read_runs(str(tmp_path))["e"] == [(0, "x", np.float32(0.1))]
    logger.add_scalar("x", 0.3, 5)  # after a flush: a new event file in the same folder
    logger.close()
    logger.close()  # closing twice is harmless
    assert len(os.listdir(tmp_path / "e")) == 2
    with Logger(logdir=str(tmp_path), experiment="e") as again:
        again.add_scalar("x", 0.2, 1)
    x = [(0, "x", np.float32(0.1)), (5, "x", np.float32(0.3)), (1, "x", np.float32(0.2))]
    assert read_runs(str(tmp_path))["e"] == x  # the three files, in the order of their names


def test_histogram_statistics(tmp_path):
    with Logger(logdir=str(tmp_path), experiment="h") as logger:
        logger.add_histogram("Weights", [1.0, 2.0, 2.0, 3.0, 10.0], 4)
        logger.add_histogram("Matrix", np.array([[1.0, 2.0], [3.0, 4.0]]))
    (step, tag, histo), (step2, tag2, histo2) = read_runs(str(tmp_path))["h"]
    assert (step, tag, histo.min, histo.max, histo.num) == (4, "Weights", 1.0, 10.0, 5)
    assert (histo.sum, histo.sum_squares, sum(histo.bucket)) == (18.0, 118.0, 5.0)
    assert len(histo.bucket) == len(histo.bucket_limit) == 27  # as the reference
    assert (step2, tag2, histo2.num, histo2.sum, histo2.sum_squares) == (0, "Matrix", 4, 10, 30)


def test_parameters_and_metrics(tmp_path):
    with Logger(logdir=str(tmp_path), experiment="p") as logger:
        logger.add_parameters(
            {"learning_rate": 0.1, "tau": np.int64(10), "rule": "oja", "plastic": True},
            {"accuracy": np.float64(0.875)},
        )
    runs = read_runs(str(tmp_path))
    (folder,) = [name for name in runs if name != "p"]  # tensorboardX: a subfolder per call
    assert folder.startswith("p" + os.sep)
    entries = runs[folder]
    assert [tag for _, tag, _ in entries] == [
        "_hparams_/experiment",
        "_hparams_/session_start_info",
        "_hparams_/session_end_info",
        "accuracy",
    ]
    assert entries[3] == (0, "accuracy", 0.875)
    start = plugin_hparams_pb2.HParamsPluginData.FromString(entries[1][2].content)
    values = {name: v.WhichOneof("kind") for name, v in start.session_start_info.hparams.items()}
    assert values == {
        "learning_rate": "number_value",
        "tau": "number_value",
        "rule": "string_value",
        "plastic": "bool_value",
    }
    hparams = start.session_start_info.hparams
    assert (hparams["learning_rate"].number_value, hparams["tau"].number_value) == (0.1, 10.0)
    assert (hparams["rule"].string_value, hparams["plastic"].bool_value) == ("oja", True)


def test_figures_become_images_and_are_closed(tmp_path):
    with Logger(logdir=str(tmp_path), experiment="f") as logger:
        fig = plt.figure(figsize=(2, 1), dpi=10)
        plt.plot([0, 1])
        logger.add_figure("Activity", fig, 3)
        assert plt.get_fignums() == []
        kept = plt.figure(figsize=(3, 2), dpi=10)
        logger.add_figure("Kept", kept, 4, close=False)
        assert plt.get_fignums() == [kept.number]
        plt.close(kept)
    (step, tag, image), (step2, tag2, blank) = read_runs(str(tmp_path))["f"]
    assert (step, tag, image.shape, step2, tag2, blank.shape) == (
        3, "Activity", (10, 20, 3), 4, "Kept", (20, 30, 3)
    )  # fmt: skip
    assert blank.min() == 255 and image[0, 0].tolist() == [255, 255, 255] and image.min() < 255


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda lg: lg.add_scalar(5, 1.0), "the tag must be a string"),
        (lambda lg: lg.add_scalar("s", "abc", 0), r"add_scalar\('s'\): the value must be a single"),
        (lambda lg: lg.add_scalar("s", [1.0, 2.0]), "must be a single number"),
        (lambda lg: lg.add_scalar("s", 1.0, "first"), "the step must be an integer"),
        (lambda lg: lg.add_scalars("s", [1, 2], 0), "must be a dictionary"),
        (lambda lg: lg.add_scalars("s", {"a": None}), r"'a' must be a single number"),
        (lambda lg: lg.add_scalars("s", {1: 2.0}), "keys of the values must be strings"),
        (lambda lg: lg.add_histogram("h", []), "non-empty list of finite numbers"),
        (lambda lg: lg.add_histogram("h", [1.0, np.nan]), "non-empty list of finite numbers"),
        (lambda lg: lg.add_histogram("h", ["a"]), "the values must be numbers"),
        (lambda lg: lg.add_parameters({"a": None}, {}), "parameter 'a' must be a bool"),
        (lambda lg: lg.add_parameters([1], {}), "params must be a dictionary"),
        (lambda lg: lg.add_parameters({}, {"m": "x"}), r"\('m'\): the metric must be a single"),
        (lambda lg: lg.add_figure("f", np.zeros(3)), "expects a matplotlib Figure"),
    ],
)
def test_bad_arguments_raise_logger_errors(tmp_path, call, message):
    from annarchy_tensorboard import LoggerError

    with Logger(logdir=str(tmp_path), experiment="bad") as logger:
        with pytest.raises(LoggerError, match=message):
            call(logger)
    assert read_runs(str(tmp_path)) == {"bad": []}


def test_bad_folders(tmp_path):
    with pytest.raises(ann.ANNarchyException, match="experiment must be a non-empty string"):
        Logger(logdir=str(tmp_path), experiment=3)
    with pytest.raises(ann.ANNarchyException, match="logdir must be a path"):
        Logger(logdir=None)


def test_missing_packages_name_what_to_install(tmp_path, monkeypatch):
    from annarchy_tensorboard import MissingDependencyError

    with Logger(logdir=str(tmp_path), experiment="m") as logger:
        monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
        with pytest.raises(MissingDependencyError, match="pip install matplotlib"):
            logger.add_figure("f", object())
    monkeypatch.setitem(sys.modules, "tensorboardX", None)
    with pytest.raises(MissingDependencyError, match="pip install tensorboardX"):
        Logger(logdir=str(tmp_path))

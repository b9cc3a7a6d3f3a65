"""Configuration: the global settings of ``setup()``, the per-network copy of ``config()``, and
the command-line flags a script accepts (``-j4``, ``--clean``, and those of plugins such as
``--gpu`` of annarchy-backend-cuda).

A network copies the global settings when it is created; ``Network.config()`` then changes only
that copy. Flags on the command line give defaults that an explicit ``config()`` overrides.
Plugins add their own settings (``cuda_device``) through the ``register_settings`` hook: see
`ANNarchy.core.setting.Setting`.
"""

from __future__ import annotations

import json
import math
import sys
from numbers import Integral, Real
from pathlib import Path

from ..errors import InvalidConfiguration, PluginError
from ..plugins import registry, restriction_note
from .setting import Setting

#: The settings of the core, with their defaults (plugins add theirs: `plugin_settings`).
DEFAULTS: dict[str, object] = {
    "dt": 1.0,
    "seed": None,
    "num_threads": None,
    "paradigm": "openmp",
    "method": "explicit",
    "precision": "double",
    "structural_plasticity": False,
    "sparse_matrix_format": "default",
    "sparse_matrix_storage_order": "post_to_pre",
    "only_int_idx_type": True,
    "visible_cores": (),
    "verbose": False,
    "suppress_warnings": False,
    "show_time": False,
    "disable_shared_library_time_offset": False,
    "debug": False,
    "profiling": False,
    "progress": False,
}

STORAGE_FORMATS = (
    "auto",
    "default",
    "lil",
    "csr",
    "csr_scalar",
    "csr_vector",
    "ell",
    "ellr",
    "sell",
    "coo",
    "bsr",
    "hyb",
    "dia",
    "dense",
)
STORAGE_ORDERS = ("post_to_pre", "pre_to_post")

#: Settings and command-line flags of well-known plugins -> the distribution providing them,
#: for the error when it is not installed.
SETTING_PROVIDERS = {"cuda_device": "annarchy-backend-cuda", "--gpu": "annarchy-backend-cuda"}

_GLOBAL: dict[str, object] = dict(DEFAULTS)


def plugin_settings() -> dict[str, Setting]:
    """The settings registered by plugins (``register_settings`` hook), by name.

    Raises
    ------
    PluginError
        A plugin registers a setting of the core.
    """
    reg = registry("settings")
    for name in reg.names():
        if name in DEFAULTS:
            raise PluginError(
                f"{reg.origin(name)} registers the setting '{name}', which is a setting of "
                "the core; choose another name."
            )
    return dict(reg.items())


def setting_defaults() -> dict[str, object]:
    """Every known setting with its default: the core's, then those of the plugins."""
    return {**DEFAULTS, **{name: s.default for name, s in plugin_settings().items()}}


def parse_argv(argv: list[str] | None = None) -> dict[str, object]:
    """Read the ANNarchy flags of a command line.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: those of the script being run, see `script_argv`).

    Returns
    -------
    dict
        ``num_threads`` (from ``-j N``, ``-jN`` or ``-j=N``), ``clean`` (``--clean``), and
        the settings given by the flags of plugins (``--gpu=1``: ``paradigm`` and
        ``cuda_device``), for the flags present.

    Raises
    ------
    InvalidConfiguration
        A flag has a bad value.
    PluginError
        A flag of a known plugin that is not installed (``--gpu``).
    """
    argv = script_argv() if argv is None else list(argv)
    found: dict[str, object] = {}
    flags = _plugin_flags() if any(a.startswith("--") for a in argv) else {}
    for i, arg in enumerate(argv):
        if arg == "-j" and i + 1 < len(argv):
            found["num_threads"] = _thread_count(argv[i + 1])
        elif arg.startswith("-j") and len(arg) > 2:
            found["num_threads"] = _thread_count(arg[2:].lstrip("="))
        elif arg == "--clean":
            found["clean"] = True
        elif arg.startswith("--"):
            found.update(_plugin_flag(arg, flags))
    return found


def _plugin_flags() -> dict[str, Setting]:
    """Command-line flag -> the plugin setting that declares it."""
    return {s.flag: s for s in plugin_settings().values() if s.flag is not None}


def _plugin_flag(arg: str, flags: dict[str, Setting]) -> dict[str, object]:
    """The settings given by the plugin flag ``arg`` (``--gpu=2``); nothing for a flag no
    plugin declares (it may be the script's own), an error for a known plugin's."""
    flag, _, value = arg.partition("=")
    if flag not in flags:
        if flag in SETTING_PROVIDERS:
            raise PluginError(
                f"The command-line flag {flag} needs the distribution {SETTING_PROVIDERS[flag]}: "
                f"pip install {SETTING_PROVIDERS[flag]}{restriction_note()}"
            )
        return {}
    try:
        settings = flags[flag].from_flag(value if "=" in arg else None)
    except (ValueError, TypeError) as exc:
        raise InvalidConfiguration(f"The command-line flag {flag}: {exc}") from None
    return check_settings(dict(settings), f"The command-line flag {flag}")


def script_argv() -> list[str]:
    """The command-line arguments of the script being run (``sys.argv[1:]``).

    Empty when Python runs no script file (interactive session, notebook kernel) or under a
    test runner (pytest), whose own flags are not meant for ANNarchy.
    """
    main = sys.modules.get("__main__")
    if getattr(main, "__file__", None) is None:
        return []
    if "_pytest" in sys.modules or "ipykernel" in sys.modules:
        return []
    return list(sys.argv[1:])


def _thread_count(text: str, flag: str = "-j") -> int:
    try:
        value = int(text)
    except ValueError:
        raise InvalidConfiguration(
            f"The command-line flag {flag} expects an integer, got '{text}' (e.g. {flag}4)."
        ) from None
    if value < 0 or (flag == "-j" and value == 0):
        raise InvalidConfiguration(f"The command-line flag {flag} expects a positive integer.")
    return value


def check_settings(values: dict[str, object], where: str) -> dict[str, object]:
    """Validate settings given to ``setup()`` or ``Network.config()``; return them.

    Parameters
    ----------
    values : dict
        Setting name to value.
    where : str
        ``"setup()"`` or ``"Network.config()"``, for error messages.
    """
    plugin = plugin_settings()
    for key, value in values.items():
        if key in DEFAULTS:
            _check_one(key, value, where)
        elif key in plugin:
            problem = plugin[key].validate(value)
            if problem:
                origin = registry("settings").origin(key)
                raise InvalidConfiguration(
                    f"{where}: {key} (a setting of {origin.distribution}): {problem}"
                )
        elif key in SETTING_PROVIDERS:
            dist = SETTING_PROVIDERS[key]
            raise PluginError(
                f"{where}: the setting '{key}' is provided by the distribution {dist}, which "
                f"is not installed: pip install {dist}{restriction_note()}"
            )
        else:
            known = ", ".join(sorted([*DEFAULTS, *plugin]))
            raise InvalidConfiguration(f"{where}: unknown setting '{key}' (known: {known}).")
    return dict(values)


def _check_one(key: str, value, where: str) -> None:
    if key == "dt" and not (
        isinstance(value, Real) and not isinstance(value, bool) and 0 < value < math.inf
    ):
        raise InvalidConfiguration(
            f"{where}: dt must be a positive finite number of ms, got {value!r}."
        )
    if key == "seed" and value is not None and not isinstance(value, Integral):
        raise InvalidConfiguration(f"{where}: seed must be an integer or None, got {value!r}.")
    if key == "num_threads" and value is not None:
        if not isinstance(value, Integral) or value < 1:
            raise InvalidConfiguration(
                f"{where}: num_threads must be a positive integer, got {value!r}."
            )
    if key == "precision" and value not in ("float", "double"):
        raise InvalidConfiguration(f"{where}: precision must be 'float' or 'double'.")
    if key in ("paradigm", "method") and not isinstance(value, str):
        raise InvalidConfiguration(f"{where}: {key} must be a string, got {value!r}.")
    if key == "sparse_matrix_format" and value not in STORAGE_FORMATS:
        raise InvalidConfiguration(
            f"{where}: unknown sparse_matrix_format '{value}' "
            f"(known: {', '.join(STORAGE_FORMATS)})."
        )
    if key == "sparse_matrix_storage_order" and value not in STORAGE_ORDERS:
        raise InvalidConfiguration(
            f"{where}: sparse_matrix_storage_order must be 'post_to_pre' or 'pre_to_post'."
        )


def setup(**settings) -> None:
    """Change the global settings copied by every network created afterwards.

    Parameters
    ----------
    **settings
        Any key of `DEFAULTS` (``dt``, ``seed``, ``num_threads``, ``paradigm``,
        ``method``, ``precision``, ...) or a setting of an installed plugin
        (``cuda_device``).
    """
    _GLOBAL.update(check_settings(settings, "setup()"))


def global_settings() -> dict[str, object]:
    """A copy of the global settings (after ``setup()``)."""
    return dict(_GLOBAL)


def reset_global_settings() -> None:
    """Forget every ``setup()`` call (used by ``clear()`` and by tests)."""
    _GLOBAL.clear()
    _GLOBAL.update(DEFAULTS)


def initial_network_settings(argv: list[str] | None = None) -> dict[str, object]:
    """The settings a new network starts with: command-line flags, then ``setup()`` values,
    then the configuration-file keys of plugin settings (``cuda.device``), then defaults."""
    defaults = setting_defaults()
    settings = {**defaults, **global_settings()}
    for name, setting in plugin_settings().items():
        if setting.file_key is not None and settings[name] == defaults[name]:
            settings[name] = _file_value(name, setting, settings[name])
    flags = parse_argv(argv)
    for key, value in flags.items():
        if key in defaults and settings.get(key) == defaults[key]:
            settings[key] = value
    return settings


def _file_value(name: str, setting: Setting, current):
    """The value of the configuration file's key for a plugin setting (``current`` when the
    file does not give one)."""
    section, key = setting.file_key
    value = read_user_config().get(section, {}).get(key)
    if value is None:
        return current
    problem = setting.validate(value)
    if problem:
        raise InvalidConfiguration(
            f"The configuration file {user_config_path()}: {section}.{key} (setting {name}): "
            f"{problem}"
        )
    return value


def clean_requested(argv: list[str] | None = None) -> bool:
    """Whether ``--clean`` was passed on the command line."""
    return bool(parse_argv(argv).get("clean", False))


# ------------------------------------------------------------------ the configuration file
def user_config_path() -> Path:
    """``~/.config/ANNarchy/annarchy.json`` (``~`` is ``$HOME``)."""
    return Path.home() / ".config" / "ANNarchy" / "annarchy.json"


def read_user_config(path: str | Path | None = None) -> dict:
    """The configuration file as a dict (empty when it does not exist).

    Known keys: ``{"openmp": {"compiler": "g++", "flags": "-march=native -O3"},
    "cuda": {"device": 0, "path": "/usr/local/cuda", "compiler": ..., "flags": ...}}``.

    Raises
    ------
    InvalidConfiguration
        The file is not valid JSON, or not a JSON object of objects.
    """
    path = user_config_path() if path in (None, "") else Path(path)
    if not path.is_file():
        if path != user_config_path():
            raise InvalidConfiguration(f"The configuration file {path} does not exist.")
        return {}
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise InvalidConfiguration(
            f"The configuration file {path} cannot be read as JSON ({exc}); fix or remove it."
        ) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InvalidConfiguration(
            f"The configuration file {path} must hold sections such as "
            '{"openmp": {"compiler": "g++", "flags": "-O2"}}.'
        )
    return data


def compiler_defaults(
    paradigm: str, compiler="default", flags="default", annarchy_json: str | Path = ""
) -> tuple[object, object]:
    """``(compiler, flags)`` for ``compile()``: the given ones, else those of the configuration
    file's section ``paradigm`` (``annarchy_json``, default ``~/.config/ANNarchy/annarchy.json``),
    else ``'default'`` (the backend's choice)."""
    section = read_user_config(annarchy_json).get(paradigm, {})
    if compiler in (None, "default"):
        compiler = section.get("compiler", "default")
    if flags in (None, "default"):
        flags = section.get("flags", "default")
    return compiler, flags

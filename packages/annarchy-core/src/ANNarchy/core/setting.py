"""``Setting``: a setting of ``net.config()``/``setup()`` that a plugin registers through the
``register_settings`` hook (e.g. ``cuda_device`` of annarchy-backend-cuda)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """A plugin's setting of ``net.config()`` and ``setup()``.

    Parameters
    ----------
    default : object
        The value a new network starts with.
    check : callable, optional
        ``check(value)`` raises ``ValueError`` (or ``TypeError``) with a message saying what is
        expected when ``value`` is not acceptable; the core turns it into an
        ``InvalidConfiguration`` naming the setting.
    description : str
        One line for error messages and documentation.
    flag : str, optional
        A command-line flag of scripts (``"--gpu"``), given as ``--gpu`` or ``--gpu=VALUE``.
    from_flag : callable, optional
        ``from_flag(value)`` with the text after ``=`` (None without it) returns the settings
        the flag gives (``{"paradigm": "cuda", "cuda_device": 2}``); it raises ``ValueError``
        for a bad value. Required with ``flag``.
    file_key : tuple of str, optional
        ``(section, key)`` of the configuration file ``~/.config/ANNarchy/annarchy.json`` that
        gives the default (``("cuda", "device")``).
    """

    default: object
    check: Callable[[object], None] | None = None
    description: str = ""
    flag: str | None = None
    from_flag: Callable[[str | None], dict] | None = None
    file_key: tuple[str, str] | None = None

    def problem(self) -> str | None:
        """What is wrong with this setting's own definition (None when it is well formed)."""
        if self.check is not None and not callable(self.check):
            return "check must be a callable raising ValueError"
        if (self.flag is None) != (self.from_flag is None):
            return "flag and from_flag go together (a flag such as '--gpu' and its parser)"
        if self.flag is not None and not (
            isinstance(self.flag, str) and self.flag.startswith("--") and len(self.flag) > 2
        ):
            return f"flag must look like '--name', got {self.flag!r}"
        if self.from_flag is not None and not callable(self.from_flag):
            return "from_flag must be a callable"
        key = self.file_key
        if key is not None and not (
            isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key)
        ):
            return f"file_key must be a (section, key) pair of strings, got {key!r}"
        return None

    def validate(self, value) -> str | None:
        """The message of ``check(value)`` when the value is refused, else None.

        Parameters
        ----------
        value : object
            A value given for the setting.

        Returns
        -------
        str or None
        """
        if self.check is None:
            return None
        try:
            self.check(value)
        except (ValueError, TypeError) as exc:
            return str(exc) or f"invalid value {value!r}"
        return None

"""Exceptions. ``ANNarchyException`` is the base of every error a user can cause."""

from __future__ import annotations


class ANNarchyException(Exception):
    """Base class of all errors raised by ANNarchy for bad input or configuration."""


class InvalidConfiguration(ANNarchyException):
    """A setting or combination of settings that cannot work."""


class ParserError(ANNarchyException):
    """An equation, parameter or flag that cannot be parsed.

    Carries the model name, the offending line and, when known, the token.

    Parameters
    ----------
    message : str
        What is wrong and what to do.
    model : str
        Name of the neuron or synapse model.
    line : str
        The offending equation or declaration.
    token : str
        The offending token, when known.
    """

    def __init__(self, message: str, model: str = "", line: str = "", token: str = ""):
        self.model = model
        self.line = line
        self.token = token
        parts = []
        if model:
            parts.append(f"In model '{model}'")
        if line:
            parts.append(f"equation '{line.strip()}'")
        where = ", ".join(parts)
        text = f"{where}: {message}" if where else message
        if token:
            text += f" (at '{token}')"
        super().__init__(text)

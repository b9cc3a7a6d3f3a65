"""Exceptions raised by ANNarchy (re-exported as ``ANNarchy.ANNarchyException`` etc.)."""

from __future__ import annotations

from annarchy_parser.errors import ANNarchyException, InvalidConfiguration, ParserError


class PluginError(ANNarchyException):
    """A missing or conflicting plugin (backend, connector, extension...)."""


class CompilationError(ANNarchyException):
    """The generated code did not compile; the message holds the compiler's output."""


class BrokenBuildError(CompilationError):
    """A cached library that cannot be used: damaged, or built from other sources.

    ``compile()`` rebuilds it (with a ``BuildCacheWarning``) instead of raising.
    """


class BuildCacheWarning(UserWarning):
    """A damaged or foreign entry of the build cache was found and is rebuilt."""


class NotCompiledError(ANNarchyException):
    """An operation that needs ``Network.compile()`` first."""


class UnknownAttributeError(ANNarchyException, AttributeError):
    """A parameter or variable that a population, projection or monitor target does not have.

    Also an ``AttributeError``, so ``hasattr(pop, "x")`` keeps working.
    """


class ReadOnlyAttributeError(ANNarchyException, AttributeError):
    """An attribute that cannot be assigned (``pop.geometry``, ``proj.pre``, ``view.size``...).

    Also an ``AttributeError``, as Python's own error for a read-only attribute.
    """


class RecordingMemoryError(ANNarchyException, MemoryError):
    """A recording that does not fit in the memory available, or a recorder buffer that
    overflowed; the data recorded so far stays readable.

    Also a ``MemoryError``.
    """


class BackendCapabilityError(ANNarchyException, NotImplementedError):
    """A feature of the spec that the chosen backend does not provide (use another backend).

    Also a ``NotImplementedError``, for scripts that catch that.
    """


__all__ = [
    "ANNarchyException",
    "InvalidConfiguration",
    "ParserError",
    "PluginError",
    "CompilationError",
    "BrokenBuildError",
    "BuildCacheWarning",
    "NotCompiledError",
    "UnknownAttributeError",
    "ReadOnlyAttributeError",
    "RecordingMemoryError",
    "BackendCapabilityError",
]

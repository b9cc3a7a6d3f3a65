"""The C dialect a backend generates, described once (``CDialect``) and carried by its plans.

A backend gives its dialect to ``LayoutRules``; ``build_plan`` stores it on the network,
population and projection plans, where every helper of this package reads it (no ``real=``,
``int64=``, ``restrict=`` keyword arguments from call to call).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CDialect:
    """What differs between the C-family languages of the backends.

    Parameters
    ----------
    real : str
        C type of floating-point state (``double``, or a typedef such as CUDA's ``ann_real``).
    int32, int64, uint8 : str
        C names of the fixed-size integer types.
    restrict : str
        The restrict qualifier of pointers (``__restrict``, ``__restrict__``).
    function : str
        Qualifiers of the user functions (``static inline``, ``__device__ inline``).
    atomic_add : str
        Format of an addition to memory that several threads may update at once, with the
        fields ``target`` and ``value`` (plain ``+=`` where one thread writes each element).
    """

    real: str = "double"
    int32: str = "int32_t"
    int64: str = "int64_t"
    uint8: str = "uint8_t"
    restrict: str = "__restrict"
    function: str = "static inline"
    atomic_add: str = "{target} += {value};"

    def to_real(self, expr: str) -> str:
        """``expr`` (a double) converted to `real` (unchanged when it is ``double``)."""
        return expr if self.real == "double" else f"({self.real}){expr}"

    def add(self, target: str, value: str) -> str:
        """The statement adding ``value`` to ``target`` (see `atomic_add`)."""
        return self.atomic_add.format(target=target, value=value)


#: C++ of the host backends (OpenMP)
CPP = CDialect()

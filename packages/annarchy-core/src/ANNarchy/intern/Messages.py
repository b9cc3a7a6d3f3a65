"""Compatibility module for ``from ANNarchy.intern.Messages import ANNarchyException``."""

from ..errors import ANNarchyException, InvalidConfiguration  # noqa: F401

"""Lookups of ``Network``: constants and objects by name, lists of objects."""

from __future__ import annotations

import weakref

from ..errors import ANNarchyException, InvalidConfiguration
from .constant import Constant, global_constants


class LookupMixin:
    """Constants and name lookups of ``Network``."""

    # ------------------------------------------------------------ constants
    def _all_constants(self) -> dict[str, Constant]:
        if self.id == 0:
            return global_constants()
        for name, constant in global_constants().items():
            if name not in self._constants:
                self._constants[name] = constant._copy_for(self)
        return dict(self._constants)

    def constant(self, name: str, value) -> Constant:
        """Add a constant usable in the equations of this network.

        Parameters
        ----------
        name : str
            Name of the constant.
        value : float
            Initial value.
        """
        if name in self._all_constants():
            raise InvalidConfiguration(
                f"Network {self.id}: the constant '{name}' already exists; change it with "
                f"net.get_constant('{name}').set(value)."
            )
        constant = Constant(name, value, net_id=self.id)
        if self.id != 0:
            constant._network = weakref.ref(self)
            self._constants[name] = constant
        return constant

    def get_constant(self, name: str) -> Constant:
        """The constant with the given name.

        Parameters
        ----------
        name : str
            Its name.

        Returns
        -------
        Constant
        """
        constants = self._all_constants()
        if name not in constants:
            raise ANNarchyException(
                f"Network {self.id}: no constant named '{name}' "
                f"(declared: {', '.join(constants) or 'none'})."
            )
        return constants[name]

    def get_constants(self) -> list[Constant]:
        """The declared constants."""
        return list(self._all_constants().values())

    def _constant_changed(self, constant: Constant) -> None:
        if self._runtime is not None:
            self._runtime.set_constant(constant.name, constant.value)

    # --------------------------------------------------------------- lookup
    def _find(self, items, name: str, kind: str):
        for obj in items:
            if obj.name == name:
                return obj
        known = ", ".join(obj.name for obj in items) or "none"
        raise ANNarchyException(f"Network {self.id}: no {kind} named '{name}' (known: {known}).")

    def get_population(self, name: str):
        """The population with the given name.

        Parameters
        ----------
        name : str
            Its name.

        Returns
        -------
        Population
        """
        return self._find(self._populations, name, "population")

    def get_projection(self, name: str):
        """The projection with the given name.

        Parameters
        ----------
        name : str
            Its name.

        Returns
        -------
        Projection
        """
        return self._find(self._projections, name, "projection")

    def get_monitor(self, name: str):
        """The monitor with the given name.

        Parameters
        ----------
        name : str
            Its name.

        Returns
        -------
        Monitor
        """
        return self._find(self._monitors, name, "monitor")

    def get_extension(self, name: str):
        """The extension (e.g. a BOLD monitor) with the given name.

        Parameters
        ----------
        name : str
            Its name.

        Returns
        -------
        object
        """
        return self._find(self._extensions, name, "extension")

    def get_populations(self) -> list:
        """The populations of the network."""
        return list(self._populations)

    def get_projections(self, post=None, pre=None, target=None, suppress_error=False) -> list:
        """The projections, optionally only those matching ``post``, ``pre`` and ``target``.

        Parameters
        ----------
        post, pre : Population or str, optional
            Keep the projections to (from) this population.
        target : str, optional
            Keep the projections of this target.
        suppress_error : bool
            Return an empty list instead of raising when none matches.

        Returns
        -------
        list of Projection
        """
        from .view import base_population

        def matches(proj) -> bool:
            return (
                (post is None or base_population(proj.post) is base_population(post))
                and (pre is None or base_population(proj.pre) is base_population(pre))
                and (target is None or target in proj._targets)
            )

        found = [p for p in self._projections if matches(p)]
        if not found and not suppress_error and (post, pre, target) != (None, None, None):
            raise ANNarchyException(
                f"Network {self.id}: no projection with post={post}, pre={pre}, target={target}."
            )
        return found

    def get_monitors(self) -> list:
        """The monitors of the network."""
        return list(self._monitors)

    def get_extensions(self) -> list:
        """The extensions (e.g. BOLD monitors) of the network."""
        return list(self._extensions)

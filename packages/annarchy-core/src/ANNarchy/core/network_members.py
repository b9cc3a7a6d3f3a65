"""How a ``Network`` takes in its populations, projections and monitors: unique names, one
network per object, nothing added after ``compile()``."""

from __future__ import annotations

from ..errors import InvalidConfiguration


class MembersMixin:
    """Adds, adopts and releases the objects of a network (methods of ``Network``)."""

    def _check_open(self, what: str) -> None:
        if self.compiled:
            raise InvalidConfiguration(
                f"Network {self.id}: cannot add a {what} after compile(); create every "
                "population and projection before compiling."
            )

    def _unique_name(self, objects, obj, default: str, kind: str) -> str:
        name = obj._user_name or default
        if any(other.name == name for other in objects if other is not obj):
            raise InvalidConfiguration(
                f"Network {self.id}: a {kind} named '{name}' already exists; names must be unique."
            )
        return name

    def _add_population(self, pop) -> None:
        self._check_open("population")
        pop_id = len(self._populations)
        self._unique_name(self._populations, pop, f"pop{pop_id}", "population")
        pop._attach(self, pop_id)
        self._populations.append(pop)

    def _add_projection(self, proj) -> None:
        self._check_open("projection")
        from .view import base_population

        for side in (proj.pre, proj.post):
            if base_population(side)._net is not self:
                raise InvalidConfiguration(
                    f"Network {self.id}: population '{base_population(side).name}' belongs to "
                    "another network; create it with this network's create()."
                )
        proj_id = len(self._projections)
        self._unique_name(self._projections, proj, f"proj{proj_id}", "projection")
        proj._attach(self, proj_id)
        self._projections.append(proj)

    def _add_monitor(self, monitor) -> None:
        name = self._unique_name(
            self._monitors, monitor, f"monitor{len(self._monitors)}", "monitor"
        )
        monitor.name = name
        self._monitors.append(monitor)

    def _resolve_population(self, obj, side: str):
        if isinstance(obj, str):
            return self.get_population(obj)
        from .population import Population
        from .view import IndividualNeuron, PopulationView

        if not isinstance(obj, (Population, PopulationView, IndividualNeuron)):
            raise InvalidConfiguration(
                f"connect(): {side} must be a Population, a PopulationView or a population "
                f"name, got {type(obj).__name__}."
            )
        return obj

    def _adopt(self, obj, kind: str) -> None:
        """Move an object built on its own (e.g. ``ann.PoissonPopulation(...)``) here."""
        owner = obj._net
        if owner is self:
            return
        if owner is not None:
            owner._release(obj, kind)
        if kind == "population":
            self._add_population(obj)
        else:
            self._add_projection(obj)

    def _release(self, obj, kind: str) -> None:
        if self.compiled:
            raise InvalidConfiguration(f"The {kind} '{obj.name}' belongs to a compiled network.")
        items = self._populations if kind == "population" else self._projections
        if obj is not items[-1]:
            raise InvalidConfiguration(
                f"The {kind} '{obj.name}' is already used in network {self.id}; pass it to "
                "create()/connect() right after creating it."
            )
        items.pop()

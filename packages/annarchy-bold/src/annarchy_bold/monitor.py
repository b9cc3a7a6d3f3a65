"""``BoldMonitor``: a one-neuron population running a BOLD model, fed by ``mean`` projections
from the monitored populations, recorded by an ordinary ``Monitor``."""

from __future__ import annotations

from ANNarchy import Monitor, Population, PopulationView, Projection
from ANNarchy.errors import ANNarchyException, InvalidConfiguration
from ANNarchy.plugin import add_extension, base_population, network_by_id, owner_network, registry

from .inputs import Feed, input_synapse, monitored_neuron, raw_synapse, restart_values
from .model import BoldModel


class BoldMonitorError(InvalidConfiguration):
    """A BOLD monitor that cannot be built (populations, model, mapping, factors)."""


def _per_population(value, count: int, what: str, default) -> list:
    """A value per population: ``None`` gives ``default``, a number is repeated."""
    if value is None:
        return list(default)
    values = [value] * count if isinstance(value, (int, float)) else list(value)
    if len(values) != count:
        raise BoldMonitorError(
            f"BoldMonitor: {what} needs one value per population ({count}), got {value!r}."
        )
    return values


class BoldMonitor:
    """Monitors the BOLD signal of several populations using a computational model.

    Returned by ``Network.boldmonitor()``. Unlike regular monitors, a BOLD monitor records only
    once started (``start=True`` or ``start()``); until then the model receives no input.

    Parameters
    ----------
    populations : Population or list
        The recorded populations (or views), all of the same network.
    bold_model : BoldModel or str, optional
        The model (default: ``balloon_RN()``), or the name of a model registered by a plugin
        (``register_bold_models`` hook), e.g. ``"balloon_RL"``.
    mapping : dict
        Model input -> variable of the populations (default ``{'I_CBF': 'r'}``).
    scale_factor : list of float, optional
        Weight of each population (default: its share of the neurons of all populations).
    normalize_input : list of int, optional
        Per population, a window in ms after ``start()`` over which a baseline ``B`` of its mean
        signal is computed; the input is then ``scale * (x - B) / (B + 1e-7)`` (0 during the
        window). 0 or ``None``: no normalisation.
    recorded_variables : str or list of str, optional
        Variables of the model to record (default: its output, e.g. ``['BOLD']``).
    start : bool
        Whether recording (and the input) starts at ``compile()``.
    net_id : int
        Id of the network (0: the network of the populations, else the magic network).
    copied : bool
        Unused (kept for signature compatibility).
    """

    def __init__(
        self,
        populations=None,
        bold_model=None,
        mapping=None,
        scale_factor=None,
        normalize_input=None,
        recorded_variables=None,
        start=False,
        net_id=0,
        copied=False,
    ):
        self.populations = self._check_populations(populations)
        self.net = self._network(net_id)
        self.bold_model = self._check_model(bold_model)
        self.mapping = self._check_mapping({"I_CBF": "r"} if mapping is None else mapping)
        sizes = [len(pop) for pop in self.populations]
        count = len(sizes)
        shares = [size / sum(sizes) for size in sizes]
        self.scale_factor = [
            float(v) for v in _per_population(scale_factor, count, "scale_factor", shares)
        ]
        windows = _per_population(normalize_input, count, "normalize_input", [0] * count)
        self.normalize_input = windows
        self.recorded_variables = self._check_recorded(recorded_variables)
        self._feeds = self._make_feeds(windows)
        self._build(bool(start))
        self.name = f"boldmonitor{add_extension(self.net, self)}"

    # ------------------------------------------------------------------ checks
    @staticmethod
    def _check_populations(populations) -> list:
        if isinstance(populations, (Population, PopulationView)):
            populations = [populations]
        pops = list(populations or ())
        if not pops or not all(isinstance(p, (Population, PopulationView)) for p in pops):
            raise BoldMonitorError(
                "BoldMonitor: populations must be a Population or a list of populations, "
                f"got {populations!r}."
            )
        return pops

    def _network(self, net_id: int):
        net = network_by_id(net_id)
        if net_id == 0:
            net = owner_network(self.populations[0]) or net
        for pop in self.populations:
            if owner_network(pop) is not net:
                raise BoldMonitorError(
                    f"BoldMonitor: population '{pop.name}' belongs to another network than "
                    f"network {net.id}; monitor populations of the network you call "
                    "boldmonitor() on."
                )
        if net.compiled:
            raise BoldMonitorError(
                f"BoldMonitor: network {net.id} is already compiled; create BOLD monitors "
                "before compile()."
            )
        return net

    def _check_model(self, model) -> BoldModel:
        if model is None:
            from .predefined import balloon_RN

            return balloon_RN()
        if isinstance(model, str):
            model = self._named_model(model)
        if isinstance(model, type) and issubclass(model, BoldModel):
            model = model()
        if not isinstance(model, BoldModel):
            raise BoldMonitorError(
                f"BoldMonitor: bold_model must be a BoldModel such as bold.balloon_RN(), got "
                f"{type(model).__name__}."
            )
        return model

    @staticmethod
    def _named_model(name: str):
        """The BOLD model a plugin registered as ``name`` (``register_bold_models`` hook)."""
        models = registry("bold_models")
        if name not in models:
            raise BoldMonitorError(
                f"BoldMonitor: no BOLD model named '{name}' is installed (known: "
                f"{', '.join(sorted(models.names()))}); give a name among them or a "
                "BoldModel instance."
            )
        return models.get(name)

    def _check_mapping(self, mapping) -> dict:
        if not isinstance(mapping, dict) or not mapping:
            raise BoldMonitorError(
                f"BoldMonitor: mapping must be a dict such as {{'I_CBF': 'r'}}, got {mapping!r}."
            )
        inputs = self.bold_model.inputs
        for target, variable in mapping.items():
            if target not in inputs:
                raise BoldMonitorError(
                    f"BoldMonitor: '{target}' is not an input of the BOLD model "
                    f"'{self.bold_model.name}' (inputs: {', '.join(inputs)}); fix the mapping."
                )
            for pop in self.populations:
                if variable not in base_population(pop).attributes:
                    raise BoldMonitorError(
                        f"BoldMonitor: population '{pop.name}' has no attribute '{variable}' "
                        f"(mapping {target!r}: {variable!r})."
                    )
        return dict(mapping)

    def _check_recorded(self, variables) -> list[str]:
        names = self.bold_model.output if variables is None else variables
        names = [names] if isinstance(names, str) else list(names)
        known = self.bold_model.attribute_names()
        unknown = [name for name in names if name not in known]
        if unknown:
            raise BoldMonitorError(
                f"BoldMonitor: the BOLD model '{self.bold_model.name}' has no variable "
                f"{', '.join(map(repr, unknown))} (known: {', '.join(known)})."
            )
        return names

    # ------------------------------------------------------------------ build
    def _make_feeds(self, windows) -> list[list[Feed]]:
        """For each population, one feed per mapped input."""
        feeds, index = [], 0
        for scale, window in zip(self.scale_factor, windows, strict=True):
            steps = int(round(float(window) / self.net.dt))
            if steps < 0:
                raise BoldMonitorError(
                    f"BoldMonitor: normalize_input must be >= 0 ms, got {window!r}."
                )
            row = []
            for target, variable in self.mapping.items():
                row.append(Feed(target, variable, scale, steps, index))
                index += 1
            feeds.append(row)
        return feeds

    def _build(self, started: bool) -> None:
        flat = [feed for row in self._feeds for feed in row]
        neuron = monitored_neuron(self.bold_model, flat, started)
        self._population = Population(1, neuron, net_id=self.net.id)
        self._projections = []
        for pop, row in zip(self.populations, self._feeds, strict=True):
            for feed in row:
                self._connect(pop, feed)
        self._monitor = Monitor(
            self._population, self.recorded_variables, start=started, net_id=self.net.id
        )

    def _connect(self, pop, feed: Feed) -> None:
        proj = Projection(pop, self._population, feed.target, input_synapse(feed),
                          net_id=self.net.id)  # fmt: skip
        proj.all_to_all(weights=feed.scale)
        self._projections.append(proj)
        if feed.window > 0:
            raw = Projection(pop, self._population, feed.raw, raw_synapse(feed),
                             net_id=self.net.id)  # fmt: skip
            raw.all_to_all(weights=1.0)
            self._projections.append(raw)

    # ------------------------------------------------------------------ recording
    def start(self) -> None:
        """Starts recording as in ``Monitor.start()``; the model receives its input from now
        on and the baseline windows (``normalize_input``) start."""
        flat = [feed for row in self._feeds for feed in row]
        self._population.set(restart_values(flat))
        self._monitor.start()

    def stop(self) -> None:
        """Stops recording as in ``Monitor.stop()`` (the model keeps running)."""
        self._monitor.stop()

    def get(self, variable):
        """Retrieves recordings as in ``Monitor.get()`` (then empties the buffer).

        Parameters
        ----------
        variable : str or list of str
            Recorded variable(s) of the model.
        """
        try:
            return self._monitor.get(variable)
        except ANNarchyException as exc:
            raise BoldMonitorError(f"BoldMonitor.get(): {exc}") from None

    @property
    def population(self):
        """The one-neuron population running the BOLD model."""
        return self._population

    @property
    def monitor(self):
        """The ``Monitor`` recording the model's variables."""
        return self._monitor

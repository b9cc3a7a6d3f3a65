"""``Network``: creates populations, projections and monitors, compiles and simulates them."""

from __future__ import annotations

import inspect
import warnings

import numpy as np

from ..errors import ANNarchyException, InvalidConfiguration
from . import registry
from .capabilities import SupportsClose, supports
from .config import check_settings, initial_network_settings
from .constant import Constant
from .functions import global_functions
from .io_methods import NetworkIOMixin
from .network_lookup import LookupMixin
from .network_members import MembersMixin
from .neuron import ParseSettings
from .parallel_method import ParallelMixin
from .profiling import ProfileMixin
from .simulation import SimulationMixin


class _NetworkMeta(type):
    """Lets subclasses take their own arguments while ``dt=``/``seed=`` reach the base."""

    def __call__(cls, *args, **kwargs):
        net = cls.__new__(cls)
        Network._setup(net, kwargs.get("dt"), kwargs.get("seed"))
        net._init_args = (args, dict(kwargs))
        init = cls.__init__
        if init is not Network.__init__:
            params = inspect.signature(init).parameters
            if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
                for key in ("dt", "seed"):
                    if key not in params:
                        kwargs.pop(key, None)
        init(net, *args, **kwargs)
        return net


class Network(
    MembersMixin,
    LookupMixin,
    SimulationMixin,
    NetworkIOMixin,
    ParallelMixin,
    ProfileMixin,
    metaclass=_NetworkMeta,
):
    """A network creates the populations, projections and monitors, and controls the simulation.

    Parameters
    ----------
    dt : float, optional
        Step size in ms (default: the global setting, 1.0).
    seed : int, optional
        Seed of the random number generators.

    Examples
    --------
    >>> net = Network(dt=0.1, seed=42)
    >>> pop = net.create(100, neuron)
    >>> net.compile()
    >>> net.simulate(1000.0)
    """

    def __init__(self, dt=None, seed=None):
        if dt is not None:
            self.config(dt=dt)
        if seed is not None:
            self.config(seed=seed)

    @staticmethod
    def _setup(net, dt, seed, net_id=None) -> None:
        net.id = registry.new_id() if net_id is None else net_id
        net._config = initial_network_settings()
        if dt is not None:
            net._config.update(check_settings({"dt": dt}, "Network()"))
        net._populations, net._projections, net._monitors, net._extensions = [], [], [], []
        net._constants: dict[str, Constant] = {}
        net._runtime = None
        net._backend_name = None
        net._directory = None
        net._ir = None
        net._step = 0
        net._callbacks, net._callbacks_enabled = [], True
        net._init_args = ((), {})
        net._set_seed(seed if seed is not None else net._config.get("seed"))
        registry.register(net)

    @classmethod
    def _magic(cls):
        net = cls.__new__(cls)
        Network._setup(net, None, None, net_id=0)
        return net

    def _set_seed(self, seed) -> None:
        self._config["seed"] = seed
        self.default_rng = np.random.default_rng(seed)
        if seed is not None:
            np.random.seed(seed)

    # ------------------------------------------------------------- settings
    @property
    def dt(self) -> float:
        """Step size in ms."""
        return float(self._config["dt"])

    @dt.setter
    def dt(self, value) -> None:
        raise InvalidConfiguration(
            f"Network {self.id}: dt cannot be assigned; give it when creating the network "
            f"(Network(dt={value!r})) or with net.config(dt=...) before compile()."
        )

    @property
    def seed(self):
        """Seed of the random number generators (None: random)."""
        return self._config["seed"]

    @property
    def compiled(self) -> bool:
        """Whether the network has been compiled."""
        return self._runtime is not None

    @property
    def directory(self):
        """Directory in which the network has been compiled (None before)."""
        return None if self._directory is None else str(self._directory)

    def config(self, *args, **kwargs) -> None:
        """Change settings of this network (``dt``, ``seed``, ``num_threads``, ``method``,
        ``paradigm``, ``precision``, ...); see ``setup()`` for the list.

        Settings cannot change once the network is compiled.
        """
        if args:
            raise InvalidConfiguration("Network.config() takes keyword arguments only.")
        if self.compiled:
            warnings.warn(
                f"Network {self.id}.config(): the network is already compiled; "
                f"{', '.join(kwargs)} will have no effect.",
                UserWarning,
                stacklevel=2,
            )
            return
        settings = check_settings(kwargs, "Network.config()")
        seed = settings.pop("seed", self.seed)
        self._config.update(settings)
        if "seed" in kwargs:
            self._set_seed(seed)

    def _parse_settings(self) -> ParseSettings:
        return ParseSettings(
            constants=tuple(sorted(self._all_constants())),
            global_functions=global_functions(),
            default_method=str(self._config["method"]),
        )

    def create(
        self,
        geometry=None,
        neuron=None,
        stop_condition=None,
        name=None,
        population=None,
        storage_order="post_to_pre",
    ):
        """Add a population of neurons to the network.

        Parameters
        ----------
        geometry : int, tuple or Population
            Size or shape of the population, or a ready population (e.g. a
            ``PoissonPopulation``), in which case no other argument is given.
        neuron : Neuron
            The neuron model (instance or class).
        stop_condition : str, optional
            Condition stopping ``simulate_until()``.
        name : str, optional
            Unique name of the population.
        population : Population, optional
            A ready population.
        storage_order : str
            ``'post_to_pre'`` (default) or ``'pre_to_post'``; another value raises. In the
            reference it sets the layout of the C++ connectivity structures; this project's
            backends choose their own layout with identical results.

        Returns
        -------
        Population
        """
        from .population import Population

        if isinstance(geometry, Population):
            geometry, population = None, geometry
        if population is not None:
            if geometry is not None or neuron is not None or name is not None:
                raise InvalidConfiguration(
                    "create(): pass either a population or geometry/neuron, not both."
                )
            self._adopt(population, "population")
            return population
        if geometry is None or neuron is None:
            raise InvalidConfiguration("create(): a geometry and a neuron model are required.")
        return Population(
            geometry,
            neuron,
            name=name,
            stop_condition=stop_condition,
            storage_order=storage_order,
            net_id=self.id,
        )

    def connect(
        self,
        pre=None,
        post=None,
        target="",
        synapse=None,
        name=None,
        projection=None,
        disable_omp=True,
        storage_format=None,
        storage_order=None,
    ):
        """Connect two populations (or views) by creating a projection.

        Parameters
        ----------
        pre, post : str, Population or PopulationView
            The pre- and post-synaptic neurons (``pre`` may be a ready projection).
        target : str or list of str
            Type of the connection.
        synapse : Synapse, optional
            Synapse model (default: linear transmission).
        name : str, optional
            Unique name of the projection.
        projection : Projection, optional
            A ready projection (e.g. a ``DecodingProjection``).
        disable_omp, storage_format, storage_order
            How the backend stores and processes the connectivity.

        Returns
        -------
        Projection
        """
        from .projection import Projection

        if isinstance(pre, Projection):
            pre, projection = None, pre
        if projection is not None:
            self._adopt(projection, "projection")
            return projection
        if pre is None or post is None:
            raise InvalidConfiguration("connect(): pre and post are required.")
        return Projection(
            pre,
            post,
            target,
            synapse=synapse,
            name=name,
            disable_omp=disable_omp,
            net_id=self.id,
            storage_format=storage_format,
            storage_order=storage_order,
        )

    def monitor(self, obj, variables=(), period=None, period_offset=None, start=True, name=None):
        """Create a ``Monitor`` recording ``variables`` of ``obj``.

        Parameters
        ----------
        obj : Population, PopulationView, Dendrite or Projection
            What to record.
        variables : str or list of str
            Variables to record.
        period : float, optional
            Interval between records in ms (default: dt).
        period_offset : float, optional
            Offset within the period in ms.
        start : bool
            Whether recording starts at compile (or at once when compiled).
        name : str, optional
            Unique name of the monitor.

        Returns
        -------
        Monitor
        """
        from .monitor import Monitor

        return Monitor(obj, variables, period, period_offset, start, name, net_id=self.id)

    def boldmonitor(self, populations=None, bold_model=None, mapping=None, **kwargs):
        """A BOLD monitor (provided by the ``annarchy-bold`` distribution).

        Parameters
        ----------
        populations : Population or list of Population
            The populations whose activity drives the BOLD model.
        bold_model : BoldModel, optional
            The model (``balloon_RN`` by default).
        mapping : dict, optional
            Input variables of the model and the population variables feeding them
            (default ``{"I_CBF": "r"}``).
        **kwargs
            Other arguments of ``BoldMonitor`` (``normalize_input``, ``recorded_variables``, ...).

        Returns
        -------
        BoldMonitor

        Raises
        ------
        ANNarchyException
            When ``annarchy-bold`` is not installed.
        """
        from ..plugins import KNOWN_PROVIDERS, registry

        monitors = registry("monitors")
        if "BoldMonitor" not in monitors:
            raise ANNarchyException(
                f"boldmonitor() needs the BOLD extension: pip install {KNOWN_PROVIDERS['bold']}"
            )
        mapping = {"I_CBF": "r"} if mapping is None else mapping
        cls = monitors.get("BoldMonitor")
        kwargs.setdefault("net_id", self.id)
        monitor = cls(populations=populations, bold_model=bold_model, mapping=mapping, **kwargs)
        if monitor not in self._extensions:  # the monitor may have joined the network itself
            self._extensions.append(monitor)
        return monitor

    # ------------------------------------------------------------ lifecycle
    def compile(
        self,
        directory="annarchy",
        clean=False,
        compiler="default",
        compiler_flags="default",
        add_sources="",
        extra_libs="",
        cuda_config=None,
        annarchy_json="",
        silent=False,
        debug_build=False,
        profile_enabled=False,
    ):
        """Generate, build (cached) and load the code of the network.

        Parameters
        ----------
        directory : str
            Where the code is generated and built (default ``annarchy``).
        clean : bool
            Build again even if a cached build exists.
        compiler, compiler_flags : str
            Compiler and flags (``'default'``: those of the configuration file
            ``~/.config/ANNarchy/annarchy.json``, else the backend's choice).
        add_sources : str or list of str
            C/C++ files (``.cpp``, ``.cc``, ``.cxx``, ``.c``; a space-separated string or a
            list) compiled with the network's code and linked into its library. Their
            content is part of the build key: a changed file rebuilds.
        extra_libs : str or list of str
            Libraries and linker flags linked with the network's library: ``-lname``,
            ``-Lpath`` or the path of a ``.so``/``.a`` file.
        cuda_config : dict, optional
            ``{'device': N}`` selects the GPU.
        annarchy_json : str
            Another configuration file than ``~/.config/ANNarchy/annarchy.json``.
        silent : bool
            Do not print progress.
        debug_build : bool
            Build without optimisation, with debug information and runtime checks (openmp:
            ``-O0 -g -D_GLIBCXX_ASSERTIONS``), in a cache entry of its own; the results are
            those of the optimised build.
        profile_enabled : bool
            The library measures the time of each phase of a step (neuron updates, weighted
            sums and spike propagation, synapse updates, recording...); read it with
            ``net.profile()``. Without it nothing is measured.

        Raises
        ------
        CompilationError
            When the generated code does not build.
        """
        from .build_inputs import build_arguments
        from .compile import compile_network
        from .structural import prepare

        if self.compiled:
            warnings.warn(f"Network {self.id} is already compiled.", UserWarning, stacklevel=2)
            return
        build = build_arguments(add_sources, extra_libs, debug_build, profile_enabled)
        prepare(self)
        from .config import compiler_defaults

        if isinstance(cuda_config, dict) and "device" in cuda_config:
            self._config["cuda_device"] = int(cuda_config["device"])
        paradigm = str(self._config["paradigm"])
        compiler, compiler_flags = compiler_defaults(
            paradigm, compiler, compiler_flags, annarchy_json
        )
        self._compile_options = {
            "directory": directory,
            "compiler": compiler,
            "compiler_flags": compiler_flags,
            **build,
        }
        compile_network(self, directory, clean, compiler, compiler_flags, silent, build)

    def _install_runtime(self, runtime, paradigm: str, directory, ir) -> None:
        self._runtime = runtime
        self._backend_name = paradigm
        self._directory = directory
        self._ir = ir

    def copy(self, *args, **kwargs):
        """A new instance of this network's class, built with the given constructor arguments
        (``dt`` defaults to this network's, the seed is drawn anew unless given).

        The constructor runs again, so the copy starts from the initial values, not from the
        current state of this network. The copy of a compiled network is compiled with the same
        settings into the same directory: the build is taken from the cache, nothing is
        recompiled when the structure is the same.

        Parameters
        ----------
        *args, **kwargs
            Arguments of the constructor of the subclass (and ``dt``, ``seed``).

        Returns
        -------
        Network
            The new network, compiled when this one is.
        """
        kwargs.setdefault("dt", self.dt)
        net = type(self)(*args, **kwargs)
        if self.compiled and not net.compiled:
            kept = {n: v for n, v in self._config.items() if n not in ("dt", "seed")}
            net._config.update(kept)
            options = getattr(self, "_compile_options", {"directory": self.directory})
            net.compile(silent=True, **options)
        return net

    def clear(self) -> None:
        """Empty the network (populations, projections, monitors, runtime)."""
        if supports(self._runtime, SupportsClose):
            self._runtime.close()
        self._populations, self._projections, self._monitors, self._extensions = [], [], [], []
        self._constants = {}
        self._runtime = None
        self._ir = None
        self._step = 0

    def __repr__(self) -> str:
        return (
            f"Network {self.id}: {len(self._populations)} populations, "
            f"{len(self._projections)} projections, {len(self._monitors)} monitors"
            f"{' (compiled)' if self.compiled else ''}"
        )


registry.set_magic_factory(Network._magic)

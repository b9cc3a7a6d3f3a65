"""``Network.parallel_run()``: a method run over copies of a Network subclass, in parallel.

Each copy is built in a worker by calling the subclass's constructor (with its seed and the
constructor arguments of that copy), compiled (the build cache makes it a load when the parent
network was compiled with the same structure) and handed to the method. The default workers are
a local process pool, which shares the parent's build folder; any
``concurrent.futures.Executor`` can be given instead (e.g. ``mpi4py.futures.MPIPoolExecutor`` or
a Dask client's executor). Jobs sent to an executor carry the compiled library of the parent
(``parallel_shipping``): its workers build into their own per-user cache, never into a folder
relative to their working directory, and need no compiler when the copy has the parent's
structure and the worker the parent's platform.
"""

from __future__ import annotations

import inspect
import multiprocessing
import os
import secrets
import sys
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from numbers import Integral

from ..errors import BrokenBuildError, CompilationError, InvalidConfiguration
from .parallel_shipping import export_network_build, shipped, worker_cache_directory


def run_copy(
    cls,
    args,
    init_kwargs,
    seed,
    settings,
    compile_kwargs,
    method,
    method_kwargs,
    shipment=None,
    index=0,
):
    """Build, compile and run one copy (in a worker process): ``method(net, **method_kwargs)``.

    The copy is ``cls(*args, seed=seed, **init_kwargs)`` with the parent's settings. A
    ``directory`` of None in ``compile_kwargs`` is the worker's cache
    (``worker_cache_directory()``); ``shipment`` is the parent's build (see
    ``parallel_shipping``), loaded instead of compiling when it fits. ``index`` (the copy's
    number) is unused here: it keeps the jobs of unseeded copies distinct, which executors that
    merge identical calls (Dask's ``pure`` tasks) would otherwise run only once.
    """
    net = cls(*args, seed=seed, **init_kwargs)
    net.config(**settings)
    options = dict(compile_kwargs)
    if options.get("directory") is None:
        options["directory"] = worker_cache_directory()
    try:
        with shipped(shipment):
            net.compile(**options)
    except BrokenBuildError:
        raise
    except CompilationError as exc:
        if shipment is None:
            raise
        raise CompilationError(
            "The build sent with this job did not fit this copy, which was compiled in the "
            "worker instead, and that failed. The build fits when the copy generates the "
            "parent's code (same models and global functions: declare add_function() where "
            "the workers import it too) and the worker has the parent's platform "
            f"({shipment.get('platform')}).\n{exc}"
        ) from None
    try:
        return method(net, **method_kwargs)
    finally:
        net.clear()


def copy_seeds(net, number: int, seeds) -> list:
    """The seed of each copy.

    ``None``: random (None for each); ``'same'``: the network's seed; ``'sequential'``: the
    network's seed + 1, + 2, ...; an int ``s``: ``s, s + 1, ...``; a list: one per copy. An
    unseeded network uses a base seed drawn for this call instead of its seed.
    """
    if seeds is None:
        return [None] * number
    if isinstance(seeds, str):
        if seeds not in ("same", "sequential"):
            raise InvalidConfiguration(
                f"parallel_run(): seeds must be None, 'same', 'sequential', an int or a list, "
                f"got '{seeds}'."
            )
        # an unseeded network draws a base seed, as the reference draws one for every network
        base = net.seed if net.seed is not None else secrets.randbits(32)
        if seeds == "same":
            return [base] * number
        return [base + 1 + k for k in range(number)]
    if isinstance(seeds, Integral) and not isinstance(seeds, bool):
        return [int(seeds) + k for k in range(number)]
    seeds = list(seeds)
    if len(seeds) != number:
        raise InvalidConfiguration(
            f"parallel_run(): {len(seeds)} seeds given for {number} copies; give one per copy."
        )
    return seeds


def split_arguments(cls, method, number: int, kwargs: dict) -> list[tuple[dict, dict]]:
    """``(constructor kwargs, method kwargs)`` of each copy.

    An argument named like a parameter of the subclass's ``__init__`` goes to the constructor,
    any other to the method. A list gives one value per copy (its length must be ``number``);
    any other value is given to every copy.
    """
    init_params = set(inspect.signature(cls.__init__).parameters) - {"self"}
    method_params = inspect.signature(method).parameters
    takes_any = any(p.kind is p.VAR_KEYWORD for p in method_params.values())
    for name, value in kwargs.items():
        if name not in init_params and name not in method_params and not takes_any:
            raise InvalidConfiguration(
                f"parallel_run(): '{name}' is neither an argument of {cls.__name__}() nor of "
                f"{getattr(method, '__name__', 'the method')}()."
            )
        if isinstance(value, list) and len(value) != number:
            raise InvalidConfiguration(
                f"parallel_run(): the list given for '{name}' has {len(value)} values for "
                f"{number} copies; give one value, or a list of {number}."
            )
    out = []
    for k in range(number):
        values = {n: (v[k] if isinstance(v, list) else v) for n, v in kwargs.items()}
        init = {n: v for n, v in values.items() if n in init_params}
        rest = {n: v for n, v in values.items() if n not in init_params}
        out.append((init, rest))
    return out


def default_executor(workers: int) -> ProcessPoolExecutor:
    """A local process pool; 'fork' on Linux (works for classes defined in a script that does
    not guard its main code), 'spawn' elsewhere."""
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))


def network_base(cls: type) -> type:
    """The class that mixes ``Network.parallel_run`` in (``Network`` itself), found from the
    method resolution order of ``cls`` so that this module need not import ``network.py``."""
    return next(c for c in cls.__mro__ if any("parallel_run" in vars(b) for b in c.__bases__))


def parallel_run(
    net,
    method,
    number: int,
    max_processes: int = -1,
    seeds=None,
    measure_time: bool = False,
    sequential: bool = False,
    same_seed: bool = False,
    executor: Executor | None = None,
    compile_kwargs: dict | None = None,
    settings: dict | None = None,
    **kwargs,
) -> list:
    """Run ``method`` over ``number`` copies of ``net``; see ``Network.parallel_run()``."""
    cls = type(net)
    if cls is network_base(cls):
        raise InvalidConfiguration(
            "parallel_run() needs a subclass of Network whose constructor creates the whole "
            "network (class MyNetwork(ann.Network): def __init__(self): ...); it cannot copy a "
            "Network instance filled with create()/connect()."
        )
    if not callable(method):
        raise InvalidConfiguration("parallel_run(): method must be a function taking the network.")
    if not isinstance(number, Integral) or number < 1:
        raise InvalidConfiguration(f"parallel_run(): number must be >= 1, got {number!r}.")
    seeds = copy_seeds(net, number, "same" if same_seed and seeds is None else seeds)
    arguments = split_arguments(cls, method, number, kwargs)
    args0, kwargs0 = net._init_args
    kwargs0 = {n: v for n, v in kwargs0.items() if n != "seed"}
    settings = {n: v for n, v in net._config.items() if n != "seed"} | dict(settings or {})
    # local copies share the parent's folder; an executor's workers use their own cache and
    # receive the parent's build with each job
    remote = executor is not None and not sequential
    directory = None if remote else os.path.abspath(net.directory or "annarchy")
    compile_kwargs = {"directory": directory, "silent": True} | dict(compile_kwargs or {})
    shipment = export_network_build(net) if remote else None
    jobs = [
        (cls, args0, kwargs0 | init, seeds[k], settings, compile_kwargs, method, rest, shipment, k)
        for k, (init, rest) in enumerate(arguments)
    ]
    tic = time.perf_counter()
    if sequential:
        results = [run_copy(*job) for job in jobs]
    elif remote:
        results = [f.result() for f in [executor.submit(run_copy, *job) for job in jobs]]
    else:
        workers = max_processes if max_processes and max_processes > 0 else os.cpu_count() or 1
        with default_executor(min(workers, number)) as pool:
            results = [f.result() for f in [pool.submit(run_copy, *job) for job in jobs]]
    if measure_time:
        print(f"Running {number} networks in parallel took: {time.perf_counter() - tic} seconds.")
    return results

"""``Network.parallel_run``: the user-facing method; the work is in ``parallel.py``."""

from __future__ import annotations


class ParallelMixin:
    """Adds ``parallel_run`` to ``Network``."""

    def parallel_run(
        self,
        method,
        number,
        max_processes=-1,
        seeds=None,
        measure_time=False,
        sequential=False,
        same_seed=False,
        annarchy_json="",
        visible_cores=(),
        executor=None,
        **kwargs,
    ):
        """Runs the provided method for multiple copies of the network (a Network subclass).

        Each copy is created in a worker with the subclass's constructor, compiled (a cached
        build when this network has the same structure) and passed to ``method``.

        Parameters
        ----------
        method : callable
            ``method(net, **args)``, called for each copy; its return values are collected.
        number : int
            Number of copies.
        max_processes : int
            Maximal number of worker processes (-1: the number of cores).
        seeds : None, 'same', 'sequential', int or list of int
            Seeds of the copies: random, this network's seed, this seed + 1, + 2, ..., an int
            ``s`` gives ``s, s + 1, ...``, or one per copy.
        measure_time : bool
            Print the total duration.
        sequential : bool
            Run the copies one after another in this process (no worker).
        same_seed : bool
            Same as ``seeds='same'``.
        annarchy_json, visible_cores
            Configuration file of the copies' compilation; cores of their threads.
        executor : concurrent.futures.Executor, optional
            Where to run the copies (default: a local process pool sharing this network's
            build folder), e.g. a Dask client's ``get_executor()`` or
            ``mpi4py.futures.MPIPoolExecutor``. Its workers build into their own cache
            (``$ANNARCHY_CACHE_DIR``, else ``~/.cache/annarchy``); when this network is
            compiled, each job carries its compiled library, which a worker of the same
            platform loads without a compiler (see docs/parallel.md).
        **kwargs
            Arguments of the constructor or of the method, by name: one value for every copy,
            or a list with one value per copy.

        Returns
        -------
        list
            The values returned by ``method``, in the order of the copies.
        """
        from .parallel import parallel_run  # multiprocessing: only when used

        compile_kwargs = {"annarchy_json": annarchy_json} if annarchy_json else None
        return parallel_run(
            self,
            method,
            number,
            max_processes=max_processes,
            seeds=seeds,
            measure_time=measure_time,
            sequential=sequential,
            same_seed=same_seed,
            executor=executor,
            compile_kwargs=compile_kwargs,
            settings={"visible_cores": tuple(visible_cores)} if visible_cores else None,
            **kwargs,
        )

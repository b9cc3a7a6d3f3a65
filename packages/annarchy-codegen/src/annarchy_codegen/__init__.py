"""annarchy-codegen: what C-family code-generating backends (OpenMP, CUDA, a third party's)
share, so that no backend imports another.

It turns the network IR into memory-layout plans and symbol tables, builds the pieces of kernel
contexts and the runtime methods around the arrays, keeps the content-addressed build cache, and
loads jinja2 templates. Nothing in ``ANNarchy`` (core) imports this package: only backends do,
when they generate or build.

Modules: ``model_info`` (queries on the model IR), ``symbols`` (IR name -> C expression
mappings and pointer/value declarations), ``kernel_parts`` (pieces of kernel contexts: model
declarations, delay prologues, event statements), ``random_draws`` (distribution table and draw
calls), ``build_cache`` (content-hash key, atomic cache entries), ``recording`` (recorder
bookkeeping), ``layout`` (slot builder and plan dataclasses, parametrised by ``LayoutRules``),
``state`` (initial host arrays, connectivity replacement), ``dialect`` (``CDialect``: the
C dialect of a backend, carried by its plans), ``schedule`` (``step_schedule``: the order of
one step, whose roles each backend maps to its kernels), ``names`` (``c_comment``: user text
made safe for generated comments), ``runtime_parts`` (``ArrayRuntime``:
runtime methods around the arrays), ``sources`` (jinja2 environment factory, imported lazily;
user functions) and ``shipping`` (cache entries packed as plain data to travel with
``parallel_run()`` jobs, installed atomically on the worker).
"""

__all__ = [
    "build_cache",
    "cache_entry",
    "connectivity",
    "dialect",
    "kernel_parts",
    "layout",
    "model_info",
    "names",
    "population_control",
    "random_draws",
    "recording",
    "runtime_parts",
    "schedule",
    "shipping",
    "sources",
    "special_code",
    "state",
    "symbols",
]

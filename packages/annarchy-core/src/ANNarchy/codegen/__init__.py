"""Helpers for code-generating backends (backend-neutral: no target language).

A plugin never imports another plugin, so what the OpenMP and CUDA backends share lives here.
Nothing in ``ANNarchy`` imports this package: only backends do, when they generate or build.

Modules: ``model_info`` (queries on the model IR), ``symbols`` (IR name -> C expression
mappings and pointer/value declarations), ``kernel_parts`` (pieces of kernel contexts: model
declarations, delay prologues, event statements), ``random_draws`` (distribution table and draw
calls), ``build_cache`` (content-hash key, atomic cache entries), ``recording`` (recorder
bookkeeping), ``layout`` (slot builder and plan dataclasses, parametrised by ``LayoutRules``),
``state`` (initial host arrays, connectivity replacement), ``names`` (``c_comment``: user text
made safe for generated comments), ``runtime_parts`` (``ArrayRuntime``:
runtime methods around the arrays) and ``sources`` (jinja2 environment factory, imported lazily;
user functions).
"""

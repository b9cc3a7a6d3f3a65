"""Structural plasticity: the ``creating`` and ``pruning`` conditions of a synapse."""

from __future__ import annotations

from .attributes import Creating, Pruning
from .ir import StructuralRule
from .lexer import split_flags, split_statement, split_statements
from .model import ModelBuilder

_KEYS = {"creating": ("proba", "w", "d"), "pruning": ("proba",)}


def _number(b: ModelBuilder, text: str, line: str, key: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise b.error(f"{key}= must be a number", line, text) from None


def structural_rule(b: ModelBuilder, rule: object, part: str) -> StructuralRule | None:
    """Parse ``creating`` / ``pruning``: a ``Creating``/``Pruning`` object or a string.

    A string may carry its settings as flags: ``"pre.r * post.r > 1.0 : proba=0.1, w=0.01"``.
    A creating condition cannot use the synapse's own variables (the synapse does not exist
    yet); a pruning condition can.
    """
    if rule is None:
        return None
    cls = Creating if part == "creating" else Pruning
    if isinstance(rule, cls):
        text, values = rule.equation, {k: getattr(rule, k) for k in _KEYS[part]}
    elif isinstance(rule, str):
        text, values = rule, {}
    else:
        raise b.error(f"{part} must be a string or an ann.{cls.__name__} object, not {rule!r}")
    texts = split_statements(text)
    if len(texts) != 1:
        raise b.error(f"{part} must be a single boolean condition", text)
    stmt = split_statement(texts[0], b.name, assignment=False)
    if stmt.op:
        raise b.error(f"{part} must be a boolean condition, not an assignment", texts[0])
    for key, value in split_flags(stmt.flags):
        if key not in _KEYS[part] or value is None:
            raise b.error(
                f"unknown flag in {part} (allowed: {', '.join(_KEYS[part])})", texts[0], key
            )
        values[key] = _number(b, value, texts[0], key)
    condition = b.condition(stmt.rhs, part)
    if part == "creating":
        for sym in condition.free_symbols:
            attr = b.state.attributes.get(sym.name)
            if attr is not None and (attr.kind == "variable" or attr.locality == "local"):
                raise b.error(
                    "a creating condition cannot use the synapse's own variables or local "
                    "parameters (it does not exist yet): use pre./post. attributes and "
                    "global parameters",
                    texts[0],
                    sym.name,
                )
    return StructuralRule(
        condition, **{k: (None if v is None else float(v)) for k, v in values.items()}
    )

"""Targets named by a Python keyword: ``sum(in)``, ``sum(if)``, ``pre.sum(for)``...

The expression parser walks Python's ``ast``, which cannot read ``sum(in)``: ``in`` is a
keyword. Scripts do use such targets (``net.connect(a, b, target='in')``), so before parsing,
the argument of a ``sum(...)`` call that is a lone keyword is replaced, token by token, by a
reserved placeholder name. The scope resolving ``sum`` maps the placeholder back to the
target. Placeholders start with ``_``, which no user name may do (see
`annarchy_parser.functions.is_user_name`), so they cannot collide with a model's names.
Nothing else of the text is rewritten.
"""

from __future__ import annotations

import keyword

from .lexer import tokenize

_PREFIX = "_ann_kw_target_"


def protect_keyword_targets(text: str) -> str:
    """Replace a keyword written as the target of ``sum(...)`` by its placeholder name.

    Only the pattern ``sum ( KEYWORD )`` is touched (``pre.sum(...)`` and ``post.sum(...)``
    end with the same tokens); keywords anywhere else are left for the parser to judge.

    Examples
    --------
    >>> protect_keyword_targets("sum(in) + pre.sum(if) * in_rate")
    'sum(_ann_kw_target_in) + pre.sum(_ann_kw_target_if) * in_rate'
    """
    tokens = tokenize(text)
    out, last = [], 0
    for k in range(2, len(tokens) - 1):
        func, paren, name, close = tokens[k - 2 : k + 2]
        if (
            func.kind == "name"
            and func.text == "sum"
            and paren.text == "("
            and name.kind == "name"
            and keyword.iskeyword(name.text)
            and close.text == ")"
        ):
            out += [text[last : name.start], _PREFIX + name.text]
            last = name.end
    out.append(text[last:])
    return "".join(out)


def keyword_target(name: str) -> str:
    """The target a placeholder stands for (``name`` itself when it is no placeholder)."""
    if name.startswith(_PREFIX) and keyword.iskeyword(name[len(_PREFIX) :]):
        return name[len(_PREFIX) :]
    return name

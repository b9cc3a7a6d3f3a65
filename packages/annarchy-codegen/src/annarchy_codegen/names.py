"""User text in generated sources: sanitised comments and checked identifiers.

Names given by the user (populations, projections, models, monitors) reach the generated code
only through `c_comment`, which keeps a small ASCII subset that cannot end a comment,
start a preprocessor line, continue a line, form a trigraph or open a jinja2 block. Identifiers
of the generated code come from generated ids (``pop0``, ``proj1``) or from names checked by
`annarchy_parser.functions.is_user_name` and always used behind a prefix (``L_v``,
``K_tau``, ``ann_fn_f``).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9 _.,:()'-]")
COMMENT_LIMIT = 100


def c_comment(text: object, limit: int = COMMENT_LIMIT) -> str:
    """``text`` made safe to place inside a C/C++/CUDA ``/* ... */`` or ``//`` comment.

    Every character outside letters, digits, space and ``_.,:()'-`` becomes ``_`` (so no
    ``*/``, ``/*``, ``//``, ``\\``, newline, NUL, ``??`` trigraph, ``{{``/``{%`` or non-ASCII
    character survives), ``::`` becomes ``:_`` (no C++ scope operator either) and the result
    is cut to ``limit`` characters.

    Parameters
    ----------
    text : object
        Any text (converted with ``str``).
    limit : int
        Maximal length of the result.

    Examples
    --------
    >>> c_comment('pop0 (p */ #include <x>)')
    'pop0 (p __ _include _x_)'
    """
    safe = _UNSAFE.sub("_", str(text)).replace("::", ":_")
    return safe if len(safe) <= limit else safe[: limit - 3] + "..."

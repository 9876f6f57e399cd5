"""Untrusted text -> Objective: ``parse_expression``, the way in.

The text is parsed into the engine's own graph (:mod:`gradviz.engine.builder`: nothing the
user types is ever evaluated as code), differentiated by reverse mode over that graph and
compiled to numpy kernels (:mod:`gradviz.engine.formula`). No sympy on this path, and every
step costs a bounded amount per symbol of the text (at most 400): a formula within the limits
is ready in milliseconds (tests/engine/formula_corpus.py measures a corpus of worst cases).
"""

from gradviz.engine.builder import MAX_CONSTANT, MAX_EXPONENT, MAX_POWER_NESTING, VARIABLES, build
from gradviz.engine.formula import Formula
from gradviz.engine.objective import Objective
from gradviz.engine.tokens import ExpressionError

__all__ = ["ExpressionError", "parse_expression", "VARIABLES", "MAX_CONSTANT", "MAX_EXPONENT",
           "MAX_POWER_NESTING"]


def parse_expression(text, params=None, deadline=None):
    """Parse ``text`` into an :class:`~gradviz.engine.objective.Objective`.

    ``params`` maps parameter names to values (default 1.0); names that do not appear in the
    text are ignored, so values survive while an expression is being edited.
    ``deadline``: a ``time.monotonic()`` value; past it, ExpressionError ("the function is
    too complex to prepare in time"), so that a worker thread never runs unbounded.
    Raises :class:`ExpressionError` (``.message``, ``.column``) for any mistake.
    """
    if not isinstance(text, str):
        raise ExpressionError("the expression must be text", 0)
    graph, f, names = build(text, deadline)
    return Objective(text, Formula(text, graph, f, names, deadline), params)

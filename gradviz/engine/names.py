"""What the variables are called: x, y and f for a function, w, b and the loss L in the
regression mode (w', b' with the feature scaled), and every label built from them.

The engine picks the names from the session (:func:`names_of`) and hands them out with what it
computes (``Landscape.names``, ``Slices.names``, ``Inspection.names``); the widgets show these
texts as they are, so one switch of the mode renames the axes, the readouts, the probe, the
slices, the curves and the inspector together. Pure: no Qt.
"""

from __future__ import annotations

from typing import NamedTuple

PARTIAL = "\u2202"
NABLA = "\u2207"
SUB0 = "\u2080"
PRIME = "\u2032"


class Names(NamedTuple):
    """The two axes' names and the value's: ``Names("x", "y", "f")``. A plain 3-tuple too, so
    ``x, y, f = names`` works where a tuple was used before."""

    x: str = "x"
    y: str = "y"
    f: str = "f"

    def partial(self, axis: str) -> str:
        """"∂f/∂x": the partial derivative along ``axis`` (one of the two names)."""
        return f"{PARTIAL}{self.f}/{PARTIAL}{axis}"

    @property
    def grad(self) -> str:
        """"∇f"."""
        return f"{NABLA}{self.f}"

    @property
    def grad_norm(self) -> str:
        """"|∇f|"."""
        return f"|{NABLA}{self.f}|"

    @property
    def grad_pair(self) -> str:
        """"∇f = (∂f/∂x, ∂f/∂y)"."""
        return f"{self.grad} = ({self.partial(self.x)}, {self.partial(self.y)})"

    @property
    def buffer(self) -> str:
        """The momentum buffer's symbol: "b", or "m" where b is an axis (the regression
        mode's bias), so that "b = μ·b + g" never reads as the bias."""
        return "m" if any(a.rstrip(PRIME) == "b" for a in (self.x, self.y)) else "b"

    @property
    def curves_title(self) -> str:
        """The curves dock's title: "f and |∇f| by step"."""
        return f"{self.f} and {self.grad_norm} by step"

    def slice_title(self, along: str, fixed: str) -> str:
        """A slice's title: "f(x, y₀ = 0.5) along x" for ``along`` the first axis, with the
        other axis fixed at the number ``fixed`` (already formatted)."""
        x, y = self.x, self.y
        args = f"{x}, {_sub0(y)} = {fixed}" if along == x else f"{_sub0(x)} = {fixed}, {y}"
        return f"{self.f}({args}) along {along}"


def _sub0(name: str) -> str:
    """``name`` with a subscript 0: "y₀", "b′₀" (the prime stays on the letter)."""
    return f"{name}{SUB0}"


FUNCTION = Names("x", "y", "f")
REGRESSION = Names("w", "b", "L")
SCALED = Names(f"w{PRIME}", f"b{PRIME}", "L")   # the line's coefficients on the scaled x'


def names_of(session) -> Names:
    """The names ``session`` shows: x, y, f; in the regression mode w, b, L (w', b' when the
    feature is scaled)."""
    if getattr(session, "mode", "function") != "regression":
        return FUNCTION
    config = getattr(session, "regression", None)
    return SCALED if config is not None and config.scaled else REGRESSION


# --- panel titles ---------------------------------------------------------------------------

SHORT_LABELS = {"Gradient descent": "GD", "Nesterov": "NAG"}
"""Short optimizer names for a narrow panel header (the others are short already: Momentum, Adam,
AdamW, AMSGrad, RMSprop, Adagrad). "GD" and "NAG" are the names lecture slides use."""

SHORT_SCHEDULES = {"step": "step", "exponential": "exp", "cosine": "cosine",
                   "warmup_cosine": "warm-up cos"}
"""A schedule in a word, after the learning rate in a title ("Adam, lr 0.1, cosine")."""


def rate_text(lr: float) -> str:
    """A learning rate as titles print it: 3 significant digits, compact exponent ("6.3e-6")."""
    return f"{lr:.3g}".replace("e-0", "e-").replace("e+0", "e+")


HYPER_SYMBOLS = {"momentum": "\u03bc", "betas": "\u03b2", "eps": "\u03b5", "alpha": "\u03b1",
                 "weight_decay": "wd", "lr_decay": "lr decay", "dampening": "dampening",
                 "initial_accumulator_value": "acc\u2080", "min_curvature": "min curv",
                 "shrink": "shrink", "sigma": "\u03c3", "max_trials": "trials"}
"""How a title names a hyperparameter other than lr (the symbols of the update rules: the
momentum buffer's "b = \u03bc\u00b7b + g", Adam's \u03b2\u2081, \u03b2\u2082); a switch
("nesterov", "amsgrad") is named by its own name when on."""


def hyper_text(name: str, value) -> str:
    """A hyperparameter in a title: "\u03bc 0.9", "\u03b2 0.9/0.99", "nesterov" (a switch on),
    "" (a switch off)."""
    if isinstance(value, bool):
        return name if value else ""
    if isinstance(value, (tuple, list)):
        number = "/".join(rate_text(float(v)) for v in value)
    else:
        number = rate_text(float(value))
    return f"{HYPER_SYMBOLS.get(name, name)} {number}"


def distinctions(runs) -> list[str]:
    """Per run, what tells it from the runs of the same optimizer at the same lr: the
    hyperparameters (other than lr) whose values differ among them, ", "-joined ("\u03bc 0.9");
    "" where none. ``runs``: (label, hyper dict with every hyperparameter) pairs.

    Example 5 runs momentum 0.9 beside momentum 0.5, both at lr 0.05: without this both
    panels read "Momentum, lr 0.05"."""
    groups: dict = {}
    for i, (label, hyper) in enumerate(runs):
        groups.setdefault((label, hyper.get("lr")), []).append(i)
    out = [""] * len(runs)
    for members in groups.values():
        if len(members) < 2:
            continue
        hypers = [runs[i][1] for i in members]
        keys = [k for k in hypers[0] if k != "lr"
                and any(_plain(h.get(k)) != _plain(hypers[0].get(k)) for h in hypers)]
        for i, hyper in zip(members, hypers):
            out[i] = ", ".join(t for t in (hyper_text(k, hyper.get(k)) for k in keys) if t)
    return out


def _plain(value):
    """A hyperparameter's value, comparable (numpy arrays and tuples as tuples)."""
    return tuple(value) if isinstance(value, (tuple, list)) else value


def panel_title(label: str, lr: float | None = None, schedule: str = "constant",
                extra: str = "") -> str:
    """A panel's title: the optimizer, its learning rate, (if not constant) its schedule in
    a word and ``extra`` (what tells it from a like panel, :func:`distinctions`):
    "Gradient descent, lr 0.02", "Adam, lr 0.1, cosine", "Momentum, lr 0.05, \u03bc 0.9"."""
    parts = [label]
    if lr is not None:
        parts.append(f"lr {rate_text(lr)}")
    if schedule and schedule != "constant":
        parts.append(SHORT_SCHEDULES.get(schedule, schedule))
    if extra:
        parts.append(extra)
    return ", ".join(parts)


def title_forms(title: str) -> tuple[str, ...]:
    """``title`` and shorter spellings of it that keep every learning rate and every
    distinction, longest first, one for each level: "Gradient descent, lr 0.02" ->
    ("Gradient descent, lr 0.02", "GD, lr 0.02", "GD 0.02"); "Adam, lr 0.1" -> ("Adam, lr
    0.1", "Adam, lr 0.1", "Adam 0.1"). Each step shortens every part alike, so titles shown at one
    level read alike ("Momentum lr 0.005", an "lr" without its comma, is not a level). An
    overlay's "Overlay: GD, lr 0.02 \u00b7 GD, lr 0.09" loses "Overlay: " last."""
    forms = [title]
    short = title
    for long, brief in SHORT_LABELS.items():
        short = short.replace(long, brief)
    forms.append(short)
    forms.append(short.replace(", lr ", " ").replace(", ", " "))
    if forms[-1].startswith("Overlay: "):
        forms.append(forms[-1].removeprefix("Overlay: "))
    # repeats kept: level i of one title goes with level i of another ("Momentum, lr 0.05"
    # has no shorter name, and its second form must not be its bare one)
    return tuple(forms)

"""The document: everything that decides what is on screen, as plain dataclasses.

A trajectory is a pure function of a Session (function, parameters, optimizer,
hyperparameters, start, steps), so the GUI can recompute it whenever anything changes.
"""

from dataclasses import dataclass, field, replace

DEFAULT_PRESET = "rosenbrock"
DEFAULT_OPTIMIZERS = ("gd", "adam")
DEFAULT_STEPS = 1000
MAX_STEPS = 10_000
MAX_PANELS = 4
GRID_SIZE = 200


@dataclass(frozen=True)
class PanelConfig:
    """One comparison panel: an optimizer and its hyperparameters (PyTorch names)."""

    optimizer: str
    hyper: dict = field(default_factory=dict)
    schedule: str = "constant"  # a name in engine.schedules.SCHEDULES; "constant": lr throughout
    schedule_params: dict = field(default_factory=dict)  # its parameters; missing ones: defaults
    tuned: dict | None = None  # {"lr", "note", "key"} of "tune learning rate" (engine.tuning)

    def with_hyper(self, **changes):
        return replace(self, hyper={**self.hyper, **changes})


@dataclass(frozen=True)
class DisplayConfig:
    contours: bool = True
    arrows: bool = True
    arrow_density: int = 20
    normalise: bool = False
    minima: bool = True
    scale: str = "auto"  # "auto" | "linear" | "log"
    grad_arrow: bool = True      # at the current point: grad f (steepest ascent)
    step_arrow: bool = True      # ... the step the optimizer takes
    momentum_arrow: bool = True  # ... the momentum (momentum buffer, or Adam's m)
    overlay: bool = False        # every panel's path on one landscape, with a legend
    log_f: bool = False          # curves: f against step on a log axis
    log_grad: bool = True        # curves: |grad f| against step on a log axis
    view3d: bool = False         # the 3D surface in place of the flat panels (View menu, 3)
    legend: bool = True          # what the marks and arrows mean, on the first landscape
    flow: bool = False           # the gradient flow from the start, a thin reference curve
    curvature: bool = False      # the Hessian's axes: current points or pinned probe
    house_arrows: bool = True    # regression: each house's -grad l_i at the current point
    residuals: bool = True       # regression: each house's residual on the data view
    residual_squares: bool = False   # ... and its square (its share of the squared error)
    backprop_at: str = "probe"   # the backprop dock's point: "probe", or "panel" (the inspected)
    backprop_house: int = 0      # ... the house its graph is drawn for (regression, 0-based)
    equal_scale: bool = True     # a unit of x as long as a unit of y: x^2 + y^2 draws circles


@dataclass(frozen=True)
class RegressionConfig:
    """The regression mode's settings (engine.regression_mode builds the loss from them).

    ``data`` names a bundled data set ("houses"), or is "" when ``points`` holds the data:
    ``((x, y), ...)`` loaded from a CSV file, embedded in the session (at most
    ``regression_mode.MAX_POINTS``), with the file's column ``names`` and ``source`` name.
    ``scaled``: fit on the standardised feature x' = (x - mean)/std. ``batch_size``: points per
    mini-batch, 0 for the full batch; ``seed`` chooses the batches (the same for every panel).
    ``loss``: the loss of each residual, "mse", "mae" or "huber" (engine.losses), with Huber's
    ``huber_delta`` in the units of y.
    """

    data: str = "houses"
    points: tuple | None = None
    names: tuple | None = None
    source: str = ""
    scaled: bool = False
    batch_size: int = 0
    seed: int = 0
    loss: str = "mse"
    huber_delta: float = 1.0

    def replace(self, **changes):
        return replace(self, **changes)


@dataclass(frozen=True)
class Session:
    text: str
    domain: tuple  # ((xmin, xmax), (ymin, ymax))
    start: tuple  # (x0, y0)
    panels: tuple  # of PanelConfig, 1 to MAX_PANELS
    params: dict = field(default_factory=dict)
    steps: int = DEFAULT_STEPS
    preset: str | None = None  # the preset the text came from, for its known minima
    display: DisplayConfig = field(default_factory=DisplayConfig)
    current_step: int = 0  # where playback stands, 0..steps
    view: tuple | None = None  # the zoomed view ((xmin, xmax), (ymin, ymax)); None: the domain
    title: str = ""  # a lesson's title and description (example sessions), shown, not computed
    description: str = ""
    probe: tuple | None = None  # (x, y) of the gradient probe; None: engine.probe_spot picks
    # "function": the landscape is f(x, y) of ``text``; "regression": it is the mean squared
    # error L(w, b) of a line fitted to data (``regression``; None: the bundled houses), and
    # domain, start, view and probe are in (w, b). ``text`` is kept for switching back.
    mode: str = "function"
    regression: RegressionConfig | None = None
    noise_std: float = 0.0  # gradient noise for every panel (engine.noise); 0: none
    noise_seed: int = 0

    def replace(self, **changes):
        return replace(self, **changes)


def from_preset(key, optimizers=DEFAULT_OPTIMIZERS, steps=DEFAULT_STEPS, display=None):
    """A session showing preset ``key`` with one panel per optimizer name, at the preset's
    demonstration learning rates."""
    from gradviz.engine.presets import PRESETS

    preset = PRESETS[key]
    panels = tuple(PanelConfig(name, {"lr": preset.lr[name]} if name in preset.lr else {})
                   for name in optimizers)
    return Session(text=preset.expression, domain=preset.domain, start=preset.start,
                   panels=panels, steps=steps, preset=key, display=display or DisplayConfig())


def default_session():
    return from_preset(DEFAULT_PRESET)

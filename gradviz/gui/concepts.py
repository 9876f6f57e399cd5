"""Help > Concepts (? or Shift+F1): short, exact explanations of the ideas gradviz shows, each
pointing at the part of the window that shows it (selecting or hovering a concept frames that
part, with the lesson player's frames, ``MainWindow.highlight``; closing the list takes the
frames away, or gives a lesson scene its own back).

The formulas are the ones gradviz computes (PyTorch's optimizers, engine/optimizers.py)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QListWidget, QVBoxLayout

from gradviz.gui import theme


class Concept(NamedTuple):
    name: str
    text: str
    highlight: tuple      # engine.lesson_types.HIGHLIGHTS names: where it shows


CONCEPTS = (
    Concept("Gradient", "The gradient ∇f(x, y) = (∂f/∂x, ∂f/∂y) is the vector of the two "
            "partial derivatives. It points the way f increases fastest, and its length |∇f| "
            "is how fast: f's rise per unit moved that way. At a minimum it is (0, 0). The red "
            "arrow at each run's point (G) and the probe show it.", ("grad_arrow", "probe")),
    Concept("Partial derivative", "∂f/∂x is the slope of f along x with y held fixed: the "
            "slope of the slice of f through the point along x (a derivative is one slope). "
            "∂f/∂y is the slope along y. The slices dock (Ctrl+4) draws both slices through "
            "the probe with their tangent lines.", ("slices", "probe")),
    Concept("Gradient descent", "Gradient descent repeats one step: p ← p − lr·∇f(p). It "
            "moves against the gradient, the way f falls fastest near p, by lr times |∇f|: "
            "long steps where f is steep, short ones where it is flat. The white step arrow "
            "(T) is the next step; the path is the steps so far.", ("step_arrow", "path")),
    Concept("Learning rate", "The learning rate lr scales the step: step = −lr·∇f. Too small "
            "and the run crawls; on a bowl whose strongest curvature (the Hessian's largest "
            "eigenvalue) is λmax, any lr above 2/λmax makes every step overshoot further "
            "than the last, and the run diverges. Each panel has its own lr field.",
            ("lr_field", "step_arrow")),
    Concept("Loss function", "A loss function measures how wrong a model is, as one number to "
            "make small. For the house prices, L(w, b) is the mean of the squared differences "
            "between each price and the line's w·x + b: the lowest point of L's landscape is "
            "the line that fits best. Here f plays the part of the loss.",
            ("landscape", "colour_bar", "data_view")),
    Concept("Momentum", "Momentum keeps a running sum of the gradients: b ← μ·b + ∇f, then "
            "p ← p − lr·b (PyTorch's form, μ = 0.9 by default). Where the gradient keeps "
            "pointing the same way the steps grow, up to 1/(1 − μ) = 10 times; where it flips "
            "back and forth the flips cancel. The mint-green arrow (M) is b.",
            ("momentum_arrow", "path")),
    Concept("Adam", "Adam keeps two running averages, m of the gradient (β₁ = 0.9) and v of "
            "its square (β₂ = 0.999), divides each by 1 − βᵗ to undo their start at zero, and "
            "steps by −lr·m̂/(√v̂ + ε). Each coordinate's step is then about lr long whatever "
            "its gradient's scale, which helps on a stretched bowl. The inspector shows m, v "
            "and the step.", ("momentum_arrow", "inspector")),
    Concept("Convergence", "A run converges when it stops moving: |∇f| falls toward 0 and "
            "the steps become too short to matter. gradviz says \u201cconverged\u201d from the "
            "step where |∇f| ≤ 1e-5 and the next step is shorter than 1e-7. A point with "
            "∇f = 0 may be a minimum or a saddle: the curves and the marks on them tell.",
            ("curves", "scrubber")),
    Concept("Divergence", "A run diverges when f grows without bound instead of falling, "
            "usually because the learning rate is too large: each step overshoots the "
            "minimum further than the last. gradviz marks the step the run-away began and "
            "draws the path red with a cross where it ends.", ("curves", "path")),
)


class ConceptsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Concepts")
        self.setObjectName("concepts_dialog")
        self.list = QListWidget(objectName="concept_list")
        self.list.setToolTip("Pick a concept: its explanation shows on the right, and the "
                             "part of the window that shows it is framed")
        for concept in CONCEPTS:
            self.list.addItem(concept.name)
        self.text = QLabel(objectName="concept_text")
        self.text.setWordWrap(True)
        self.text.setFont(theme.font(theme.LABEL_PT + 1))
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addWidget(self.text, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        self.list.currentRowChanged.connect(self.select)
        # hovering a concept frames what shows it too; leaving the list frames the selected one
        self.list.setMouseTracking(True)
        self.list.itemEntered.connect(lambda item: self.hover(self.list.row(item)))
        self.list.viewport().installEventFilter(self)
        self.resize(720, 360)
        self.list.setCurrentRow(0)

    def select(self, row: int) -> None:
        if not 0 <= row < len(CONCEPTS):
            return
        concept = CONCEPTS[row]
        self.text.setText(concept.text)
        self.window_.highlight(concept.highlight)

    def hover(self, row: int) -> None:
        """Frame what shows concept ``row`` while the mouse is over it (its words stay the
        selected concept's)."""
        if 0 <= row < len(CONCEPTS):
            self.window_.highlight(CONCEPTS[row].highlight)

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Leave:   # the mouse left the list: the selected one
            self.hover(self.list.currentRow())
        return False

    def done(self, result) -> None:
        run = self.window_.state.lesson
        self.window_.highlight(run.scene.highlight if run is not None else ())
        super().done(result)


def show_concepts(window) -> ConceptsDialog:
    dialog = ConceptsDialog(window)
    dialog.show()
    return dialog

"""OptimizerSettings: fields follow the optimizer's defaults; edits emit exact numbers."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from gradviz.engine.optimizers import OPTIMIZERS
from gradviz.gui.panels.fields import NumberField, SliderField
from gradviz.gui.panels.optimizer import OptimizerSettings
from gui_helpers import record, type_into


def choose(settings, name):
    """Pick ``name`` in the combo as a user would (signals on)."""
    settings.combo.setCurrentIndex(settings.combo.findData(name))


@pytest.fixture
def settings(qtbot):
    widget = OptimizerSettings("gd")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_combo_lists_every_optimizer_by_label_in_order(settings):
    combo = settings.combo
    assert [combo.itemData(i) for i in range(combo.count())] == list(OPTIMIZERS)
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == [o.label for o in OPTIMIZERS.values()]


def test_adam_shows_betas_and_eps_gd_does_not(settings):
    assert settings.findChild(QWidget, "betas") is None
    assert settings.findChild(QWidget, "eps") is None
    choose(settings, "adam")
    assert settings.findChild(NumberField, "betas_0").text() == "0.9"
    assert settings.findChild(NumberField, "betas_1").text() == "0.999"
    assert settings.findChild(NumberField, "eps").text() == "1e-8"
    assert settings.findChild(QCheckBox, "amsgrad").isChecked() is False
    choose(settings, "gd")
    assert settings.findChild(QWidget, "betas") is None


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_hyperparameter_has_a_labelled_field_with_help(qtbot, name):
    settings = OptimizerSettings(name)
    qtbot.addWidget(settings)
    for key in OPTIMIZERS[name].defaults:
        label = settings.findChild(QLabel, f"{key}_label")
        assert label.text() == key
        assert settings.findChild(QWidget, key) is not None
        assert len(label.toolTip()) > len(key)  # words, not the name again


def test_switching_emits_once_with_the_full_defaults(settings):
    calls = record(settings.settings_changed)
    choose(settings, "rmsprop")
    assert calls == [("rmsprop", dict(OPTIMIZERS["rmsprop"].defaults))]
    assert settings.findChild(NumberField, "alpha").text() == "0.99"
    assert settings.findChild(QCheckBox, "centered") is not None


def test_a_chosen_lr_carries_over_a_switch(settings, qtbot):
    type_into(qtbot, settings.findChild(SliderField, "lr").field, "0.05")
    calls = record(settings.settings_changed)
    choose(settings, "adam")
    assert calls[-1][1]["lr"] == 0.05
    assert settings.findChild(SliderField, "lr").field.text() == "0.05"


@pytest.mark.parametrize("name", ["newton", "gd_armijo"])
def test_newton_and_the_line_search_take_their_own_lr(settings, qtbot, name):
    type_into(qtbot, settings.findChild(SliderField, "lr").field, "0.01")
    calls = record(settings.settings_changed)
    choose(settings, name)
    assert calls[-1][1]["lr"] == 1.0   # a damping / first trial step, not 0.01
    assert settings.findChild(SliderField, "lr").field.text() == "1"
    type_into(qtbot, settings.findChild(SliderField, "lr").field, "0.5")
    choose(settings, "adam")   # and back: Adam's own default, not Newton's damping
    assert calls[-1][1]["lr"] == OPTIMIZERS["adam"].defaults["lr"]


def test_an_untouched_default_lr_gives_way_to_the_new_default(settings):
    calls = record(settings.settings_changed)
    choose(settings, "adagrad")
    assert calls[-1][1]["lr"] == OPTIMIZERS["adagrad"].defaults["lr"]


def test_typed_lr_is_emitted_exactly(settings, qtbot):
    calls = record(settings.settings_changed)
    type_into(qtbot, settings.findChild(SliderField, "lr").field, "0.0123")
    assert calls == [("gd", {**OPTIMIZERS["gd"].defaults, "lr": 0.0123})]


def test_lr_slider_ends_are_1e_5_and_10(settings):
    lr = settings.findChild(SliderField, "lr")
    calls = record(settings.settings_changed)
    lr.slider.setValue(lr.slider.minimum())
    lr.slider.setValue(lr.slider.maximum())
    assert [hyper["lr"] for _, hyper in calls] == [1e-5, 10.0]
    assert lr.field.text() == "10"


def test_lr_slider_emits_the_value_it_shows(settings, qtbot):
    lr = settings.findChild(SliderField, "lr")
    calls = record(settings.settings_changed)
    qtbot.keyClick(lr.slider, Qt.Key.Key_Right)
    assert calls[-1][1]["lr"] == float(lr.field.text())
    assert calls[-1][1]["lr"] > 1e-3


def test_eps_keeps_tiny_values(settings, qtbot):
    choose(settings, "adam")
    calls = record(settings.settings_changed)
    type_into(qtbot, settings.findChild(NumberField, "eps"), "1e-12")
    assert calls[-1][1]["eps"] == 1e-12
    assert settings.findChild(NumberField, "eps").text() == "1e-12"


def test_betas_edit_one_part(settings, qtbot):
    choose(settings, "adam")
    calls = record(settings.settings_changed)
    type_into(qtbot, settings.findChild(NumberField, "betas_1"), "0.99")
    assert calls[-1][1]["betas"] == (0.9, 0.99)


def test_a_check_box_emits_its_state(settings):
    choose(settings, "momentum")
    calls = record(settings.settings_changed)
    settings.findChild(QCheckBox, "nesterov").click()
    assert calls[-1] == ("momentum", {**OPTIMIZERS["momentum"].defaults, "nesterov": True})


def test_set_settings_shows_without_emitting(settings):
    calls = record(settings.settings_changed)
    settings.set_settings("adamw", {"lr": 0.02, "betas": (0.8, 0.99)})
    assert calls == []
    assert settings.combo.currentData() == "adamw"
    assert settings.findChild(SliderField, "lr").field.text() == "0.02"
    assert settings.findChild(NumberField, "weight_decay").text() == "0.01"
    assert settings.hyper() == {**OPTIMIZERS["adamw"].defaults, "lr": 0.02, "betas": (0.8, 0.99)}

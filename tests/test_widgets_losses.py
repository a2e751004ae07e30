"""Notebook 02's loss panel and figures, checked against closed forms and finite differences."""
import numpy as np
import pytest

from helpers import losses
from helpers.widgets.losses import (
    LossView,
    grad_of,
    gradients_vs_z_figure,
    loss_of,
    loss_panel,
    loss_vs_prediction_figure,
    training_figure,
)


def naive(z, y):
    a = 1 / (1 + np.exp(-z))
    return 0.5 * (a - y) ** 2, -(y * np.log(a) + (1 - y) * np.log(1 - a))


@pytest.mark.parametrize("y, z", [(1.0, -4.0), (0.0, 3.0), (1.0, 0.0), (0.5, 1.5), (0.0, -8.0),
                                  (1.0, 7.9)])
def test_view_marks_each_loss_and_gradient_at_z(y, z):
    view = LossView()
    assert view.update(y=y, z=z) is view.fig
    mse, bce = naive(z, y)
    a = 1 / (1 + np.exp(-z))
    expected = {("loss", "squared error"): mse, ("loss", "cross-entropy"): bce,
                ("grad", "squared error"): (a - y) * a * (1 - a),
                ("grad", "cross-entropy"): a - y}
    for key, value in expected.items():
        x, v = view.dots[key].get_data()
        assert x[0] == z and v[0] == pytest.approx(value, rel=1e-9, abs=1e-15), key
    zs, curve = view.curves["loss", "cross-entropy"].get_data()
    np.testing.assert_allclose(curve, naive(zs, y)[1], rtol=1e-9)
    assert all(m.get_xdata()[0] == z for m in view.marks)
    assert f"cross-entropy {bce:.4f}" in view.ax_loss.get_title()
    assert f"squared error {(a - y) * a * (1 - a):+.4f}" in view.ax_grad.get_title()


@pytest.mark.parametrize("y", [0.0, 0.3, 1.0])
def test_gradients_are_the_derivatives_of_the_losses(y):
    z = np.linspace(-6, 6, 25)
    h = 1e-6
    for name in ("squared error", "cross-entropy"):
        def loss(t, name=name):
            return loss_of(name, 1 / (1 + np.exp(-t)), y)
        numeric = (loss(z + h) - loss(z - h)) / (2 * h)
        np.testing.assert_allclose(grad_of(name, z, y), numeric, rtol=1e-5, atol=1e-9)


def test_the_view_uses_the_core_losses_one_example_at_a_time():
    A = np.array([[0.05, 0.3, 0.5, 0.9, 0.999]])
    Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])
    for i in range(A.shape[1]):
        a, y = A[:, [i]], Y[:, [i]]
        assert loss_of("cross-entropy", a, y[0, 0])[0, 0] == pytest.approx(losses.bce(a, y),
                                                                            rel=1e-14)
        assert loss_of("squared error", a, y[0, 0])[0, 0] == pytest.approx(losses.mse(a, y),
                                                                            rel=1e-14)
    assert loss_of("cross-entropy", A, 1.0).shape == A.shape


@pytest.mark.parametrize("bad", [{"y": 1.5}, {"y": "1"}, {"y": True}, {"z": np.nan},
                                 {"z": "3"}, {"z": None}])
def test_bad_slider_values_get_a_value_error_naming_them(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        LossView().update(**{"y": 1.0, "z": -4.0, **bad})


def test_view_updates_in_place_and_rejects_bad_targets():
    view = LossView()
    curve = view.curves["loss", "squared error"]
    view.update(y=1.0, z=0.0)
    first = curve.get_ydata().copy()
    view.update(y=0.0, z=0.0)
    assert view.curves["loss", "squared error"] is curve
    np.testing.assert_allclose(curve.get_ydata(), first[::-1])       # mirror image in z
    with pytest.raises(ValueError, match="y: expected a target between 0 and 1, got 2"):
        view.update(y=2, z=0.0)
    with pytest.raises(ValueError, match="got 'a'"):
        LossView().update(y="a")


def test_panel_drives_the_view():
    panel = loss_panel()
    assert [w.description for w in panel.controls.values()] == ["target y", "logit z"]
    panel.controls["z"].value = 2.0
    assert "z = 2.00" in panel.view.ax_loss.get_title()


def test_static_figures():
    fig = loss_vs_prediction_figure()
    for ax, y in zip(fig.axes, (0, 1)):
        a, mse = ax.lines[0].get_data()
        np.testing.assert_allclose(mse, 0.5 * (a - y) ** 2)
        assert f"y = {y}" in ax.get_title() and ax.get_xlabel() == "prediction a"
    fig = gradients_vs_z_figure(0.0)
    z, g = fig.axes[0].lines[0].get_data()
    np.testing.assert_allclose(g, 1 / (1 + np.exp(-z)))
    fig = training_figure({"a": {"loss": [2.0, 1.0, 0.5], "accuracy": [0, 1, 1], "w": [1, 2, 3]}})
    assert len(fig.axes) == 3
    steps, relative = fig.axes[0].lines[0].get_data()
    np.testing.assert_allclose(relative, [1.0, 0.5, 0.25])        # each loss against its start
    assert fig.axes[0].get_yscale() == "log" and list(steps) == [0, 1, 2]
    assert list(fig.axes[1].lines[0].get_ydata()) == [0, 1, 1]
    assert list(fig.axes[2].lines[0].get_ydata()) == [1, 2, 3]
    with pytest.raises(ValueError, match="histories"):
        training_figure([])
    with pytest.raises(ValueError, match=r"run 'a' lacks \['loss'\]"):
        training_figure({"a": {"accuracy": [0, 1], "w": [1, 2]}})
    with pytest.raises(ValueError, match="expected a positive first loss"):
        training_figure({"a": {"loss": [0.0], "accuracy": [0], "w": [1]}})
    with pytest.raises(ValueError, match="n_points"):
        loss_vs_prediction_figure(0)


def test_caption_is_the_two_titles():
    view = LossView()
    view.update(y=1.0, z=-4.0)
    loss_title, grad_title = view.caption().splitlines()
    assert loss_title == view.ax_loss.get_title() and grad_title == view.ax_grad.get_title()
    assert "cross-entropy 4.0181" in loss_title     # -log sigma(-4)

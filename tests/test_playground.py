"""The playground without a browser: the view, the background session, the panel's wiring."""
import threading
import time

import numpy as np
import pytest

from helpers import datasets
from helpers.network import MLP
from helpers.training import train
from helpers.widgets.playground import (
    DEFAULTS,
    RESPONSIVENESS,
    PlaygroundSession,
    PlaygroundView,
    hidden_sizes,
    png_bytes,
)
from helpers.widgets.playground_ui import playground_panel


def test_update_trains_the_configured_network_and_draws_it():
    view = PlaygroundView()
    fig = view.update(**DEFAULTS)
    assert fig is view.fig
    assert view.net.layer_sizes == [2, 16, 16, 1] and view.net.activation == "tanh"
    # the same training, done here directly, gives the same network and the same curves
    X, Y = datasets.moons(200, 0.1, seed=0)
    ref = MLP([2, 16, 16, 1], "tanh", "sigmoid", "lecun", 0)
    history = train(ref, X, Y, "bce", 0.5, 1000)
    np.testing.assert_allclose(view.net.params["W3"], ref.params["W3"], rtol=1e-12)
    x, y = view.train_line.get_data()
    assert len(x) == 1000 and np.allclose(y, history["loss"])
    # the image is P(class 1) of the trained network on the grid
    P = ref.forward(view.grid)[0].reshape(view.xx.shape)
    np.testing.assert_allclose(view.image.get_array(), P, rtol=1e-10)
    assert view.ax_map.get_title().startswith("epoch 1000: validation accuracy")
    assert view.contour is not None


def test_view_changes_in_place_for_other_values():
    view = PlaygroundView()
    view.update(**DEFAULTS)
    image, line = view.image, view.train_line
    view.update(**dict(DEFAULTS, dataset="circles", n_hidden=1, width1=3, n_epochs=50))
    assert view.image is image and view.train_line is line
    assert view.net.layer_sizes == [2, 3, 1]
    assert len(line.get_xdata()) == 50


def test_zero_hidden_layers_is_logistic_regression():
    view = PlaygroundView().setup(**dict(DEFAULTS, n_hidden=0))
    assert view.net.layer_sizes == [2, 1]
    assert view.ax_map.get_title() == "epoch 0: untrained"
    assert "2-1 tanh" in view.ax_loss.get_title()


@pytest.mark.parametrize("values, words", [
    (dict(n_hidden=5), r"n_hidden: expected one of \[0, 1, 2, 3, 4\]"),
    (dict(n_hidden=1.5), "n_hidden: expected one of"),
    (dict(width1=0), "width1: expected a positive integer"),
    (dict(dataset="iris"), "name: expected one of"),
    (dict(activation="swish"), "activation"),
    (dict(optimizer="lbfgs"), "name: expected one of"),
    (dict(learning_rate=0), "learning_rate"),
    (dict(batch_size=0), "batch_size"),
    (dict(batch_size="all"), "batch_size"),
    (dict(noise=-1), "noise"),
    (dict(l2=-0.1), "l2: expected a finite number >= 0"),
])
def test_bad_values_raise(values, words):
    with pytest.raises(ValueError, match=words):
        PlaygroundView().setup(**dict(DEFAULTS, **values))


def test_full_batch_is_a_real_option_and_l2_waits_for_notebook_06():
    # a Dropdown option whose value is None reads as "nothing selected" (index None): the
    # full-batch option must be a value of its own, and every option must select itself
    from helpers.widgets.playground_ui import playground_controls
    controls = playground_controls()
    assert "l2" not in controls and "l2" not in DEFAULTS       # notebook 06 teaches L2
    assert all(getattr(c, "index", 0) is not None for c in controls.values())   # all selected
    batch = controls["batch_size"]
    for label, value in batch.options:
        batch.value = value
        assert batch.index is not None and batch.label == label, label
    full = PlaygroundView().setup(**dict(DEFAULTS, batch_size="full"))
    assert full.batch_size is None and "full batch" in full.ax_loss.get_title()
    assert PlaygroundView().setup(**dict(DEFAULTS, batch_size=None)).batch_size is None
    assert "L2" not in full.ax_loss.get_title()
    assert "L2 0.01" in PlaygroundView().setup(**dict(DEFAULTS, l2=0.01)).ax_loss.get_title()


def test_the_figure_says_what_to_do_before_the_first_train():
    view = PlaygroundView().setup(**DEFAULTS)
    assert view.hint.get_visible() and "press Train" in view.hint.get_text()
    assert np.ptp(view.image.get_array()) > 0          # the untrained network's map, not blank
    view.update(**dict(DEFAULTS, n_epochs=5))
    assert not view.hint.get_visible()


def test_hidden_sizes():
    assert hidden_sizes(2, [5, 6, 7, 8]) == [5, 6]
    assert hidden_sizes(0, [5, 6, 7, 8]) == []


def test_session_trains_in_the_background_shows_frames_and_finishes():
    frames = []
    session = PlaygroundSession(on_frame=lambda fig, e, n, status: frames.append((e, n, status)),
                                frame_interval=0.0)
    session.start(**dict(DEFAULTS, n_epochs=30))
    session.wait(30)
    assert not session.running
    epochs = [e for e, _, _ in frames]
    assert epochs[0] == 0 and frames[0][2] == "training: epoch 0 / 30"
    assert epochs == sorted(epochs) and 1 in epochs and epochs[-1] == 30
    assert frames[-1][2].startswith("done at epoch 30: validation accuracy")
    assert session.history.epochs == 30 and not session.history.stopped


def test_stop_ends_a_long_training_early():
    frames = []
    started = threading.Event()

    def on_frame(fig, e, n, status):
        frames.append(status)
        if e > 0:
            started.set()

    session = PlaygroundSession(on_frame=on_frame, frame_interval=0.0)
    session.start(**dict(DEFAULTS, batch_size=1, n_epochs=10_000))   # minutes if not stopped
    assert started.wait(30)
    session.stop()                                  # waits for the current epoch to end
    assert not session.running
    assert session.history.stopped and session.history.epochs < 10_000
    assert frames[-1].startswith(f"stopped at epoch {session.history.epochs}")


def test_preview_stops_training_and_shows_the_untrained_network():
    frames = []
    session = PlaygroundSession(on_frame=lambda fig, e, n, status: frames.append(status))
    session.start(**dict(DEFAULTS, batch_size=1, n_epochs=10_000))
    session.preview(**dict(DEFAULTS, dataset="xor"))
    assert not session.running and session.history is None
    assert frames[-1] == "ready: press Train"
    assert session.view.ax_map.get_title() == "epoch 0: untrained"


def test_panel_wires_controls_buttons_and_progress():
    panel = playground_panel(frame_interval=0.05)
    try:
        assert set(panel.controls) == set(DEFAULTS)
        first = panel.children[-1].value
        assert first[:4] == b"\x89PNG" and panel.buttons["stop"].disabled
        panel.controls["dataset"].value = "spirals"                 # a change previews
        assert panel.children[-1].value != first and panel.label.value == "ready: press Train"
        panel.controls["width3"].value = 5                  # a width of a layer that is off
        assert panel.controls["n_hidden"].value == 3
        assert panel.view.net.layer_sizes == [2, 16, 16, 5, 1]
        panel.controls["n_hidden"].value = 1
        assert panel.view.net.layer_sizes == [2, 16, 1]
        panel.controls["n_epochs"].value = 100
        panel.buttons["train"].click()
        panel.session.wait(30)
        assert panel.progress.value == 100 and panel.progress.max == 100
        assert panel.label.value.startswith("done at epoch 100")
        panel.controls["batch_size"].value = 1
        panel.controls["n_epochs"].value = 10_000
        panel.buttons["train"].click()
        time.sleep(0.3)
        assert not panel.buttons["stop"].disabled
        panel.buttons["stop"].click()
        assert not panel.session.running and panel.label.value.startswith("stopped at epoch")
        assert panel.buttons["stop"].disabled
    finally:
        panel.session.stop()


def test_png_and_responsiveness_table():
    assert png_bytes(PlaygroundView().setup(**DEFAULTS).fig)[:4] == b"\x89PNG"
    factory, ranges = RESPONSIVENESS[0]
    assert set(ranges) <= set(DEFAULTS)
    view = factory()
    for name, choices in ranges.items():
        value = choices[-1] if isinstance(choices, list) else choices[1]
        fig = view.update(**dict(DEFAULTS, n_epochs=20, **{name: value}))
        assert fig is view.fig and len(view.train_line.get_xdata()) == 20, name
        hidden = DEFAULTS["n_hidden"] if name != "n_hidden" else value
        assert view.net.n_layers == hidden + 1, name      # the value reached the network
        assert view.ax_map.get_title().startswith("epoch 20: validation accuracy"), name

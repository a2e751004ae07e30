"""The playground's ipywidgets: its controls, and the live panel wiring them, Train and Stop,
a progress bar and the picture to a ``PlaygroundSession`` (notebook 05). No logic of its own:
the view and the session are in :mod:`helpers.widgets.playground`."""
import ipywidgets as ipw

from .. import datasets
from ..optimizers import OPTIMIZERS
from .playground import ACTIVATIONS, DEFAULTS, MAX_HIDDEN, PlaygroundSession, png_bytes


def playground_controls():
    """The ipywidgets controls, named as ``PlaygroundView.setup``'s arguments."""
    s = {"description_width": "initial"}
    d = DEFAULTS
    controls = {
        "dataset": ipw.Dropdown(options=list(datasets.TOY_SETS), value=d["dataset"],
                                description="data", style=s),
        "noise": ipw.FloatSlider(value=d["noise"], min=0, max=0.5, step=0.05,
                                 description="noise", style=s, continuous_update=False),
        "n_hidden": ipw.IntSlider(value=d["n_hidden"], min=0, max=MAX_HIDDEN,
                                  description="hidden layers", style=s, continuous_update=False),
    }
    for i in range(1, MAX_HIDDEN + 1):
        controls[f"width{i}"] = ipw.IntSlider(value=d[f"width{i}"], min=1, max=32,
                                              description=f"width {i}", style=s,
                                              continuous_update=False)
    controls.update({
        "activation": ipw.Dropdown(options=ACTIVATIONS, value=d["activation"],
                                   description="activation", style=s),
        "optimizer": ipw.Dropdown(options=list(OPTIMIZERS), value=d["optimizer"],
                                  description="optimiser", style=s),
        "learning_rate": ipw.Dropdown(options=[0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 3.0],
                                      value=d["learning_rate"], description="learning rate",
                                      style=s),
        "batch_size": ipw.Dropdown(options=[("full (200)", "full"), ("100", 100), ("32", 32),
                                            ("10", 10), ("1", 1)], value=d["batch_size"],
                                   description="batch size", style=s),
        "n_epochs": ipw.Dropdown(options=[100, 300, 1000, 3000, 10000], value=d["n_epochs"],
                                 description="epochs", style=s),
    })
    return controls


def _at_least(control, value):
    if control.value < value:
        control.value = value


def playground_panel(frame_interval=0.25):
    """The live playground: controls, Train and Stop, a progress bar and the figure."""
    controls = playground_controls()
    image = ipw.Image(format="png")
    progress = ipw.IntProgress(value=0, min=0, max=DEFAULTS["n_epochs"], description="epochs",
                               layout=ipw.Layout(width="220px"))
    label = ipw.Label("ready")
    train_button = ipw.Button(description="Train", button_style="success", icon="play")
    stop_button = ipw.Button(description="Stop", button_style="danger", icon="stop")

    def on_frame(fig, epoch, n_epochs, status):
        stop_button.disabled = not status.startswith("training")   # before the picture changes
        progress.max, progress.value, label.value = n_epochs, epoch, status
        image.value = png_bytes(fig)

    session = PlaygroundSession(on_frame=on_frame, frame_interval=frame_interval)
    values = lambda: {name: w.value for name, w in controls.items()}  # noqa: E731
    train_button.on_click(lambda _: session.start(**values()))
    stop_button.on_click(lambda _: session.stop())
    for w in controls.values():
        w.observe(lambda _change: session.preview(**values()), names="value")
    for i in range(1, MAX_HIDDEN + 1):                  # moving layer i's width switches it on
        controls[f"width{i}"].observe(lambda _change, i=i: _at_least(controls["n_hidden"], i),
                                      names="value")
    session.preview(**values())
    names = list(controls)
    box = ipw.VBox([ipw.HBox([ipw.VBox([controls[n] for n in names[:7]]),
                              ipw.VBox([controls[n] for n in names[7:]])]),
                    ipw.HBox([train_button, stop_button, progress, label]), image])
    box.view, box.controls, box.session = session.view, controls, session
    box.buttons = {"train": train_button, "stop": stop_button}
    box.progress, box.label = progress, label
    return box

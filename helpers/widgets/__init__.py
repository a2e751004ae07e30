"""The interactive panels of the notebooks, one module per notebook.

A widget is a thin view: its *update function* takes plain values and returns a figure or
text, so tests (and a checked notebook cell right after the live panel) call it without a
browser; the *panel* function only wires ipywidgets controls to it.
"""
import ipywidgets as ipw


def slider(description, value, lo, hi, step=0.1, readout_format=".2f"):
    """A float slider that updates while it is dragged, with a readable label width."""
    return ipw.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                           continuous_update=True, readout_format=readout_format,
                           style={"description_width": "initial"})

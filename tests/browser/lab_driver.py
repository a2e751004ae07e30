"""Drive one notebook in JupyterLab: run every cell, find every control, move each one.

Nothing here knows which notebooks or widgets exist: controls are discovered in the DOM by
the classes ipywidgets 8 gives them, and each control is checked against what its panel
shows (the images and text in the same widget output), before and after.
"""
import hashlib
import re
import time

# JupyterLab is started with --LabApp.expose_app_in_browser, so window.jupyterapp exists.
JS_NOTEBOOK_STATE = """() => {
  const nb = window.jupyterapp.shell.currentWidget;
  if (!nb || !nb.content || !nb.sessionContext) return null;
  const kernel = nb.sessionContext.session && nb.sessionContext.session.kernel;
  const cells = nb.content.widgets.filter(c => c.model.type === 'code'
                                              && c.model.sharedModel.getSource().trim());
  return {kernel: kernel ? kernel.status : 'none',
          pending: cells.filter(c => c.model.executionCount === null).length,
          total: cells.length};
}"""

JS_ERRORS = """() => {
  const out = [];
  document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
  ).forEach(e => out.push('stderr/error output: ' + e.innerText.slice(0, 2000)));
  document.querySelectorAll('.jp-Notebook .jp-OutputArea-output').forEach(e => {
    if (e.innerText.includes('Error displaying widget'))
      out.push('Error displaying widget: ' + e.innerText.slice(0, 500));
  });
  return out;
}"""

# Every output that renders a widget is one "panel"; tag panels and their controls with ids.
JS_DISCOVER = """() => {
  // a widget view's output has no mime type attribute, the widget's root element as child;
  // Output widgets nested inside a panel hold OutputAreas of their own: skip those
  const panels = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')]
    .filter(p => p.querySelector(':scope > .jupyter-widgets')
                 && !p.parentElement.closest('.jupyter-widgets'));
  const found = [];
  panels.forEach((p, i) => {
    p.setAttribute('data-bt-panel', String(i));
    const controls = [];
    const add = (el, kind) => {
      if (el.closest('.widget-output')) return;  // controls inside an output are its content
      if (el.matches('[disabled]') || el.closest('[disabled]')) return;
      if (el.hasAttribute('data-bt-control')) return;
      const id = i + '-' + controls.length;
      el.setAttribute('data-bt-control', id);
      const label = (el.closest('.widget-inline-hbox, .widget-inline-vbox, .jupyter-widgets')
                     || el).querySelector('.widget-label');
      controls.push({id, kind, label: (label && label.innerText.trim()) || el.innerText.trim()
                                       || el.getAttribute('title') || kind});
    };
    p.querySelectorAll('.widget-slider, .widget-hslider, .widget-vslider').forEach(
      e => e.querySelector('.noUi-handle') && add(e, 'slider'));
    p.querySelectorAll('.widget-dropdown select, .widget-select select').forEach(
      e => add(e, 'select'));
    p.querySelectorAll('.widget-toggle-buttons').forEach(e => add(e, 'toggle-buttons'));
    p.querySelectorAll('.widget-radio-box').forEach(e => add(e, 'radio'));
    p.querySelectorAll('button.widget-toggle-button').forEach(e => {
      if (!e.closest('.widget-toggle-buttons')) add(e, 'toggle');
    });
    p.querySelectorAll('.widget-checkbox input[type=checkbox]').forEach(e => add(e, 'checkbox'));
    p.querySelectorAll('.widget-text input, .widget-inline-hbox input[type=number]').forEach(
      e => { if (!e.closest('.widget-slider')) add(e, 'number'); });
    p.querySelectorAll('button.widget-button').forEach(e => add(e, 'button'));
    found.push({panel: String(i), controls});
  });
  return found;
}"""

# What a panel shows: its images and the text of its outputs and HTML widgets (readouts of
# the controls themselves are left out: a moved slider always changes its own readout).
JS_SNAPSHOT = """(panel) => {
  const p = document.querySelector(`[data-bt-panel="${panel}"]`);
  if (!p) return null;
  const imgs = [...p.querySelectorAll('img')].map(i => i.src);
  const svgs = [...p.querySelectorAll('svg')].filter(s => !s.closest('.noUi-target'))
                 .map(s => s.outerHTML);
  const texts = [...p.querySelectorAll('.widget-output, .widget-html-content, .widget-htmlmath, '
                                      + '.widget-textarea textarea, .widget-valid')]
                 .map(e => e.value !== undefined && e.tagName === 'TEXTAREA' ? e.value : e.innerText);
  return JSON.stringify({imgs, svgs, texts});
}"""


def digest(snapshot):
    return hashlib.sha256((snapshot or "").encode()).hexdigest()[:16]


class NotebookDriver:
    def __init__(self, page, lab, name):
        self.page, self.lab, self.name = page, lab, name

    # --- opening and running ---------------------------------------------------------
    def open(self, timeout=120):
        url = f"{self.lab.url}/lab/tree/notebooks/{self.name}?reset&token={self.lab.token}"
        self.page.goto(url, timeout=timeout * 1000)
        self.page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell"
                                    " && window.jupyterapp.shell.currentWidget"
                                    " && window.jupyterapp.shell.currentWidget.sessionContext",
                                    timeout=timeout * 1000)
        self.page.evaluate("async () => { await window.jupyterapp.shell.currentWidget"
                           ".sessionContext.ready; }")
        self.wait_kernel_idle(timeout)

    def state(self):
        return self.page.evaluate(JS_NOTEBOOK_STATE)

    def wait_kernel_idle(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            s = self.state()
            if s and s["kernel"] == "idle":
                return
            time.sleep(0.2)
        raise AssertionError(f"{self.name}: kernel not idle after {timeout} s: {self.state()}")

    def run_all(self, timeout=900):
        """Clear outputs (so an execution count means 'ran now'), run all, wait until done."""
        self.page.evaluate("() => window.jupyterapp.commands.execute("
                           "'notebook:clear-all-cell-outputs')")
        s = self.state()
        assert s["pending"] == s["total"], f"{self.name}: clearing outputs left counts: {s}"
        self.page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        deadline = time.time() + timeout
        while time.time() < deadline:
            errors = self.errors()
            assert not errors, f"{self.name}: error while running all cells:\n" + "\n".join(errors)
            s = self.state()
            if s["pending"] == 0 and s["kernel"] == "idle":
                time.sleep(1.0)  # widget views render after the kernel goes idle
                return s
            time.sleep(0.5)
        raise AssertionError(f"{self.name}: cells still pending after {timeout} s: {self.state()}")

    def errors(self):
        return self.page.evaluate(JS_ERRORS)

    # --- panels and controls -----------------------------------------------------------
    def discover(self):
        return self.page.evaluate(JS_DISCOVER)

    def snapshot(self, panel):
        return self.page.evaluate(JS_SNAPSHOT, panel)

    def settle(self, panel, before, timeout=60, quiet=0.6):
        """Wait until the panel differs from ``before`` and then stays the same for ``quiet`` s
        with the kernel idle. Returns the settled snapshot, or the last one on timeout."""
        deadline = time.time() + timeout
        last, last_change = self.snapshot(panel), time.time()
        while time.time() < deadline:
            time.sleep(0.15)
            now = self.snapshot(panel)
            if now != last:
                last, last_change = now, time.time()
                continue
            if (digest(now) != digest(before) and time.time() - last_change >= quiet
                    and self.state()["kernel"] == "idle"):
                return now
        return last

    def control(self, cid):
        return self.page.locator(f'[data-bt-control="{cid}"]')

    def act(self, ctrl, attempt=0):
        """Move one control the way a student would; ``attempt`` picks a different target."""
        loc, kind = self.control(ctrl["id"]), ctrl["kind"]
        loc.scroll_into_view_if_needed()
        if kind == "slider":
            self._drag_slider(loc, attempt)
        elif kind == "select":
            n = loc.evaluate("e => e.options.length")
            current = loc.evaluate("e => e.selectedIndex")
            choices = [i for i in range(n) if i != current]
            if not choices:
                return False
            loc.select_option(index=choices[attempt % len(choices)])
        elif kind in ("toggle-buttons", "radio"):
            sel = "button.widget-toggle-button:not(.mod-active)" if kind == "toggle-buttons" \
                else "input:not(:checked)"
            options = loc.locator(sel)
            if options.count() == 0:
                return False
            options.nth(attempt % options.count()).click()
        elif kind in ("toggle", "checkbox", "button"):
            loc.click()
        elif kind == "number":
            value = loc.input_value()
            try:
                new = str(float(value) + (1 if attempt % 2 == 0 else -1))
            except ValueError:
                new = value + "x"
            loc.fill(new)
            loc.press("Enter")
        return True

    def _drag_slider(self, loc, attempt):
        handle = loc.locator(".noUi-handle").first
        track = loc.locator(".noUi-target").first
        hb, tb = handle.bounding_box(), track.bounding_box()
        vertical = tb["height"] > tb["width"]
        hx, hy = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
        fracs = [0.8, 0.2, 0.6, 0.35]
        if vertical:
            pos = (tb["y"] + tb["height"] - hy) / tb["height"]
        else:
            pos = (hx - tb["x"]) / tb["width"]
        frac = fracs[attempt % len(fracs)]
        if abs(frac - pos) < 0.15:
            frac = 1 - frac
        tx, ty = ((hx, tb["y"] + tb["height"] * (1 - frac)) if vertical
                  else (tb["x"] + tb["width"] * frac, hy))
        mouse = self.page.mouse
        mouse.move(hx, hy)
        mouse.down()
        mouse.move(tx, ty, steps=8)  # several steps: continuous_update sends while dragging
        mouse.up()

    def stop_buttons(self, panel):
        """Enabled buttons labelled Stop/Pause in a panel (a playground's way to halt training)."""
        return self.page.locator(f'[data-bt-panel="{panel}"] button.widget-button:not([disabled])'
                                 ).filter(has_text=re.compile(r"stop|pause", re.I))


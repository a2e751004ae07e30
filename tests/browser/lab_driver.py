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

# Errors and stderr the kernel sends while handling widget messages (a callback that raises)
# reach JupyterLab's log console, not the notebook: record every one from the kernel itself.
JS_WATCH_KERNEL = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  window.btKernelErrors = [];
  kernel.iopubMessage.connect((_, msg) => {
    const type = msg.header.msg_type;
    const parent = (msg.parent_header && msg.parent_header.msg_type) || '?';
    if (type === 'error')
      window.btKernelErrors.push(`${parent}: ${msg.content.ename}: ${msg.content.evalue}`);
    else if (type === 'stream' && msg.content.name === 'stderr')
      window.btKernelErrors.push(`${parent}: ${msg.content.text.slice(0, 2000)}`);
  });
}"""

# Every output that renders a widget is one "panel"; tag panels and their controls with ids.
JS_DISCOVER = """() => {
  // a widget view's output has no mime type attribute, the widget's root element as child;
  // Output widgets nested inside a panel hold OutputAreas of their own: skip those
  const panels = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')]
    .filter(p => p.querySelector(':scope > .jupyter-widgets')
                 && !p.parentElement.closest('.jupyter-widgets'));
  const found = [];
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
  panels.forEach((p, i) => {
    p.setAttribute('data-bt-panel', String(i));
    const cell = cells.indexOf(p.closest('.jp-Cell'));
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
    found.push({panel: String(i), cell, controls});
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
                 .map(e => e.value !== undefined && e.tagName === 'TEXTAREA'
                           ? e.value : e.innerText);
  return JSON.stringify({imgs, svgs, texts});
}"""


# Images of a panel that are one flat colour (or fully transparent): a figure that drew
# nothing still "changes" the src, so it is checked on its own.
JS_BLANK_IMAGES = """async (panel) => {
  const p = document.querySelector(`[data-bt-panel="${panel}"]`);
  const out = [];
  for (const img of (p ? p.querySelectorAll('img') : [])) {
    if (!img.complete) await new Promise(r => { img.onload = img.onerror = r; });
    if (!img.naturalWidth) { out.push('an image that does not load'); continue; }
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let flat = true;
    for (let i = 4; i < d.length && flat; i += 4)
      flat = d[i] === d[0] && d[i + 1] === d[1] && d[i + 2] === d[2] && d[i + 3] === d[3];
    if (flat) out.push(`a blank ${c.width}x${c.height} image `
                       + `(every pixel rgba(${d[0]},${d[1]},${d[2]},${d[3]}))`);
  }
  return out;
}"""


def digest(snapshot):
    return hashlib.sha256((snapshot or "").encode()).hexdigest()[:16]


class NotebookDriver:
    def __init__(self, page, lab, name, folder="notebooks"):
        self.page, self.lab, self.name, self.folder = page, lab, name, folder

    # --- opening and running ---------------------------------------------------------
    def open(self, timeout=120):
        url = f"{self.lab.url}/lab/tree/{self.folder}/{self.name}?reset&token={self.lab.token}"
        self.page.goto(url, timeout=timeout * 1000)
        self.page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell"
                                    " && window.jupyterapp.shell.currentWidget"
                                    " && window.jupyterapp.shell.currentWidget.sessionContext",
                                    timeout=timeout * 1000)
        self.page.evaluate("async () => { await window.jupyterapp.shell.currentWidget"
                           ".sessionContext.ready; }")
        self.page.evaluate(JS_WATCH_KERNEL)
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
        self.page.evaluate(
            "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
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

    def kernel_errors(self):
        """Everything the kernel sent as an error or on stderr since the notebook opened."""
        return self.page.evaluate("() => window.btKernelErrors || []")

    # --- panels and controls -----------------------------------------------------------
    def discover(self):
        return self.page.evaluate(JS_DISCOVER)

    def blank_images(self, panel):
        return self.page.evaluate(JS_BLANK_IMAGES, panel)

    def snapshot(self, panel):
        return self.page.evaluate(JS_SNAPSHOT, panel)

    def settle(self, panel, before, timeout=60, quiet=0.6, give_up=6.0):
        """Wait until the panel differs from ``before`` and then stays the same for ``quiet`` s
        with the kernel idle; or, when nothing changed, until the kernel has been idle with
        the panel untouched for ``give_up`` s. Returns the last snapshot."""
        deadline = time.time() + timeout
        last, last_change = self.snapshot(panel), time.time()
        while time.time() < deadline:
            time.sleep(0.15)
            now = self.snapshot(panel)
            # a busy kernel still has slider moves queued: not settled, whatever is shown
            if now != last or self.state()["kernel"] != "idle":
                last, last_change = now, time.time()
                continue
            waited = time.time() - last_change
            if digest(now) != digest(before) and waited >= quiet:
                return now
            if digest(now) == digest(before) and waited >= give_up:
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


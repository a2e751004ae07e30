"""Fixtures for the browser tests: one JupyterLab server and one headless Chromium per session.

The server runs on 127.0.0.1 on a free port with a random token, with its own temporary
runtime, config, data, settings and workspace folders, on a *copy* of the notebooks (running
every cell in JupyterLab must never rewrite the notebooks in the repository). Everything the
fixtures start is stopped by its own process id in ``finally`` blocks, even when a test fails.
"""
import json
import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 "--disable-dev-shm-usage"]  # containers often have a tiny /dev/shm
ARTIFACTS = REPO / "artifacts" / "browser"
SELFTEST = pathlib.Path(__file__).resolve().parent / "selftest"

# JupyterLab settings for the test run: every cell attached to the DOM (so controls can be
# found), no autosave, no news or update checks (no network here).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


def pytest_configure(config):
    """A killed run (CI timeout, kill PID) still tears its fixtures down: SIGTERM becomes
    the KeyboardInterrupt pytest already cleans up after."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupt)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid):
    """Every live process below ``pid`` (kernels run in their own session, so a process-group
    signal to the server would miss them)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        for task in pathlib.Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


def _stop_pid(pid, sig):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie counts as gone
        return pathlib.Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


class LabServer:
    """A JupyterLab server on a temporary copy of the repository's notebooks."""

    def __init__(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="backprop-lab-"))
        self.root = self.tmp / "root"
        self.root.mkdir()
        for entry in REPO.iterdir():  # same layout as the repo: notebooks copied, the rest linked
            if entry.name.startswith(".") or entry.name in {"notebooks", "artifacts", "site"}:
                continue
            (self.root / entry.name).symlink_to(entry)
        shutil.copytree(REPO / "notebooks", self.root / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        # notebooks with deliberately broken panels, to prove the tests catch each failure
        shutil.copytree(SELFTEST, self.root / "selftest")
        settings = self.tmp / "settings"
        for name, values in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        self.port, self.token = free_port(), secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.tmp / "server.log"
        self.proc = None
        self.pids = set()

    def env(self):
        env = dict(os.environ)
        for var, sub in [("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_CONFIG_DIR", "config"),
                         ("JUPYTER_DATA_DIR", "data"), ("IPYTHONDIR", "ipython")]:
            (self.tmp / sub).mkdir()
            env[var] = str(self.tmp / sub)
        # The kernelspec (ipykernel's own) and the widgets labextension live under the venv's
        # sys.prefix/share/jupyter, which Jupyter searches whatever JUPYTER_DATA_DIR says.
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        env.pop("MPLBACKEND", None)
        return env

    def start(self, timeout=120):
        jupyter = pathlib.Path(sys.executable).parent / "jupyter"
        cmd = [str(jupyter), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
               "--LabApp.expose_app_in_browser=True",
               f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}",
               f"--LabApp.user_settings_dir={self.tmp / 'settings'}",
               "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
               "--ServerApp.terminals_enabled=False"]
        if os.geteuid() == 0:  # CI containers run as root
            cmd.append("--allow-root")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=self.env(),
                                     cwd=self.root, start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.log_path.read_text()[-3000:]}")
            try:
                self.api("GET", "/api/status")
                return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n"
                           f"{self.log_path.read_text()[-3000:]}")

    def api(self, method, path, timeout=10):
        req = urllib.request.Request(self.url + path, method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
        return json.loads(body) if body else None

    def log_text(self):
        return self.log_path.read_text(errors="replace")

    def remember_children(self):
        """Record the server's descendants (its kernels) so teardown can stop each one."""
        if self.proc is not None:
            self.pids.update(descendants(self.proc.pid))

    def stop(self):
        if self.proc is None:
            return
        self.remember_children()
        try:  # polite first: shut the kernels down, then the server
            for kernel in self.api("GET", "/api/kernels"):
                self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=20)
            self.api("POST", "/api/shutdown")
        except OSError:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            _stop_pid(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _stop_pid(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        for pid in self.pids:  # anything the server left behind, by its own pid
            if _alive(pid):
                _stop_pid(pid, signal.SIGTERM)
        time.sleep(0.5)
        for pid in self.pids:
            if _alive(pid):
                _stop_pid(pid, signal.SIGKILL)
        self.log.close()
        self.proc = None

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def lab():
    server = LabServer()
    try:
        yield server.start()
    finally:
        server.stop()
        if os.environ.get("KEEP_LAB_TMP"):
            print(f"\nJupyterLab folders kept in {server.tmp}")
        else:
            server.cleanup()


@pytest.fixture(scope="session")
def browser():
    if not pathlib.Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package "
                    "(apt-get install chromium) or set CHROMIUM=/path/to/chromium")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    chromium = None
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
    finally:
        try:
            if chromium is not None:
                chromium.close()
        finally:
            pw.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    pg.page_errors = []
    pg.on("pageerror", lambda exc: pg.page_errors.append(str(exc)))
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

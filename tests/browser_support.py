"""JupyterLab and Chromium for the browser tests and the explorer benchmark: Debian's Chromium,
a private JupyterLab serving notebook 05 without its outputs, and Run All in the page.

Used by tests/test_browser.py, tests/test_site.py (Chromium only) and
benchmarks/bench_explorer_browser.py. Never `playwright install`: Chromium comes from Debian
(`apt-get install chromium`).
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "05_jacobian_explorer.ipynb"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL = "apt-get install chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SETTINGS = {  # private JupyterLab user settings: no news toast, every cell kept in the DOM
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
MISSING = f"Chromium not found at {CHROMIUM}; install it with: {INSTALL}"


def browser_required():
    return os.environ.get("REQUIRE_BROWSER") == "1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server in its own process group, with a token and private directories."""

    def __init__(self, tmp):
        self.root = tmp / "root"
        self.root.mkdir()
        # a copy without outputs: whatever the page shows after Run All, this run produced
        nb = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [], None
        (self.root / NOTEBOOK).write_text(json.dumps(nb), encoding="utf-8")
        settings = tmp / "settings"
        for name, values in SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        for sub in ("workspaces", "runtime", "checkpoints"):
            (tmp / sub).mkdir()
        self.port, self.token = free_port(), secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
                   JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
        command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
                   f"--port={self.port}", "--ServerApp.port_retries=0",
                   f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={self.root}",
                   f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}",
                   "--NotebookNotary.db_file=:memory:", "--LabApp.news_url="]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        self.log_path = tmp / "jupyterlab.log"
        self.log = open(self.log_path, "wb")  # closed in stop()
        self.process = subprocess.Popen(command, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            body = response.read()
        return json.loads(body) if body else None

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.log_text()}")
            try:
                self.api("/api/status")
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer /api/status in {timeout} s:\n"
                           f"{self.log_text()}")

    def kernel_state(self):
        """execution_state of the notebook's kernel, or None while it has none."""
        for session in self.api("/api/sessions"):
            if session.get("path", "").endswith(NOTEBOOK) and session.get("kernel"):
                return session["kernel"].get("execution_state")
        return None

    def log_text(self):
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def stop(self):
        try:
            self.api("/api/shutdown", method="POST")
            self.process.wait(timeout=10)
        except Exception:  # stop it the hard way below
            pass
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.process.poll() is not None:
                break
            try:
                os.killpg(self.process.pid, sig)
                self.process.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        self.log.close()


def wait_for(condition, timeout, what, interval=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def last_cell_output():
    """The first line the notebook's last code cell prints (as committed)."""
    nb = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))
    last = [c for c in nb["cells"] if c["cell_type"] == "code"][-1]
    return "".join(last["outputs"][0]["text"]).splitlines()[0]


def prompts(page):
    # text_content: a cell whose source is hidden keeps its prompt in the page, not on screen
    return page.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()


def open_and_run_all(page, lab):
    """Open notebook 05 in JupyterLab (default workspace: file browser open) and Run All."""
    page.goto(f"{lab.base}/lab/workspaces/explorer-test/tree/{NOTEBOOK}"
              f"?reset&token={lab.token}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    # a kernel must exist and be idle, or Run All asks to "Select Kernel" and runs nothing
    wait_for(lambda: lab.kernel_state() == "idle", 60, "the notebook's kernel to be idle")

    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
    # the last code cell's source is hidden (no prompt on screen): Run All has finished
    # when its output, as committed, shows, no prompt is busy and the kernel is idle
    last_output = last_cell_output()
    seen = []

    def finished():
        texts = [t.strip() for t in prompts(page)]
        seen[:] = texts
        return (page.get_by_text(last_output).count() > 0
                and not any(t in ("[*]:", "[ ]:") for t in texts)
                and lab.kernel_state() == "idle")

    try:
        wait_for(finished, 120, f"Run All to finish (last output {last_output!r})")
    except AssertionError as error:
        raise AssertionError(f"{error}; prompts seen: {seen}") from None

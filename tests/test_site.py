"""The course website (`make site`, output _build/html), as a reader sees it with no network.

Browser part (beside tests/test_browser.py, same rules): serves _build/html on 127.0.0.1 from a
thread that the test stops, opens every page in Debian's Chromium via Playwright with every other
host blocked, and asserts: no blocked or failed request, no console error, every formula typeset by
the vendored MathJax (no raw TeX left), every image with a real alt text (a sentence, not a file
name), worked solutions folded, every link inside the site pointing at a page that exists, and the
explorer flip-book reacting to the keyboard with the numbers nnhelpers computes. Skipped with the
install hint where Chromium is missing (failed when REQUIRE_BROWSER=1, as in CI); `make test`
builds the site first. Screenshots go to test-artifacts/site-*.png.

Accessibility, in the same browser at 1400 px and at 390 px (a phone): axe-core (from npm, fetched
by `make site`) on every page, no critical or serious violation; page titles in plain text; no
page wider than the phone's screen (wide formulas, tables and figures scroll in their own box,
each with a visible hint); figures large enough to read and linked full size; the report link.

Without a browser: the flip-book's alt text and readout numbers against closed forms written
here (sigmoid, softmax in log-space, the costs' gradients), and the course map's coverage; the one
place naming the repository (CITATION.cff) and the links that follow it; the launch cell of
tools/notebook_tools.py, in every notebook and on a copy; titles and search index in plain text;
`make serve`, on 127.0.0.1 and stopped by the test.
"""

import functools
import html
import html.parser
import http.server
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlparse

import numpy as np
import pytest
import reference as ref
from browser_support import CHROMIUM, CHROMIUM_ARGS, MISSING, browser_required

from nnhelpers.explorer_state import explorer_numbers

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
HTML = ROOT / "_build" / "html"
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / ".venv" / "axe-core" / "node_modules" / "axe-core" / "axe.min.js"
sys.path.insert(0, str(SITE / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))
import course_site  # noqa: E402  (site/_ext is not a package)
import notebook_tools  # noqa: E402

REPOSITORY = notebook_tools.repository_url()
RUN_LAUNCH_CELL = ".venv/bin/python tools/notebook_tools.py launch-cell notebooks/*.ipynb"
TEX = re.compile(r"\\[a-zA-Z]{2,}|\\[()\[\]]|\$\$")  # \delta, \( \), \[ \], $$

NUMBER = r"([+-]\d+\.\d{4})"


# ------------------------------------------------------------ the flip-book's numbers --------

def grad_ref(cost, a, y):
    """∂C/∂a_k for one example: quadratic ½‖a − y‖², log-likelihood −ln a_target."""
    return a - y if cost == "quadratic" else -y / a


def delta_refs(z, cost, j, target):
    """(sigmoid δ_j, softmax δ_j, softmax's k = j term alone) from the closed forms:
    sigmoid ∂a_k/∂z_j = a_j(1 − a_j) 1[k = j]; softmax ∂a_k/∂z_j = a_k(1[k = j] − a_j)."""
    y = np.zeros(z.size)
    y[target] = 1.0
    a = ref.sigmoid(z)
    sig = grad_ref(cost, a, y)[j] * a[j] * (1 - a[j])
    s = ref.softmax(z)
    indicator = (np.arange(z.size) == j).astype(float)
    terms = grad_ref(cost, s, y) * s * (indicator - s[j])
    return sig, float(terms.sum()), float(terms[j])


FRAMES = course_site.frames()


def test_flipbook_covers_the_sliders_range_for_each_cost():
    assert len(FRAMES) == len(course_site.FRAME_Z1) * len(course_site.FRAME_COSTS) == 34
    assert course_site.FRAME_Z1[0] == -4.0 and course_site.FRAME_Z1[-1] == 4.0
    assert len({f["file"] for f in FRAMES}) == len(FRAMES)
    assert list(course_site.FRAME_REST) == [0.5, -0.5, -1.5]


@pytest.mark.parametrize("frame", FRAMES, ids=lambda f: f["file"])
def test_flipbook_alt_text_and_readout_match_the_math(frame):
    z = np.array([frame["z1"], *course_site.FRAME_REST])
    sig, soft, soft_k1 = delta_refs(z, frame["cost"], j=0, target=1)
    alt = frame["alt"]
    shown = [float(x) for x in re.findall(r"δ₁ = " + NUMBER, alt)]
    assert len(shown) == 2, alt
    assert shown[0] == pytest.approx(sig, abs=5.01e-5), alt
    assert shown[1] == pytest.approx(soft, abs=5.01e-5), alt
    alone = float(re.search(r"the k = 1 term alone gives " + NUMBER, alt).group(1))
    assert alone == pytest.approx(soft_k1, abs=5.01e-5), alt
    assert f"z = ({frame['z1']:.2f}, 0.50, -0.50, -1.50)" in alt
    assert "output neuron j = 1, target class 2," in alt
    assert ("quadratic cost" if frame["cost"] == "quadratic" else "log-likelihood cost") in alt
    a_shown = re.search(r"Softmax: a = \(([^)]*)\)", alt).group(1)
    np.testing.assert_allclose([float(x) for x in a_shown.split(", ")], ref.softmax(z),
                               atol=5.01e-3)
    # the readout's numbers: the closed forms and nnhelpers' explorer_numbers, to full precision
    readout = frame["readout"]
    assert readout["sigmoid"]["delta37"] == pytest.approx(sig, rel=1e-12, abs=1e-15)
    assert readout["softmax"]["delta37"] == pytest.approx(soft, rel=1e-12, abs=1e-15)
    assert readout["softmax"]["diagonal_only"] == pytest.approx(soft_k1, rel=1e-12, abs=1e-15)
    assert readout["sigmoid"]["diagonal_only"] == pytest.approx(sig, rel=1e-12, abs=1e-15)
    for name in ("sigmoid", "softmax"):
        assert readout[name]["delta36"] == pytest.approx(readout[name]["delta37"], abs=1e-8)
        assert readout[name]["rel_error"] < 1e-6
    state = explorer_numbers(z, 0, 1, frame["cost"])
    assert readout["softmax"]["delta37"] == state["softmax"]["delta_j"]


def test_flipbook_frames_differ_where_the_math_does():
    """Skipping the sum is wrong for softmax in every frame (j = 1 is not the target): the k = 1
    term alone is not δ₁, and under log-likelihood it is exactly 0 while δ₁ = a₁."""
    for frame in FRAMES:
        soft = frame["readout"]["softmax"]
        assert abs(soft["delta37"] - soft["diagonal_only"]) > 1e-4, frame["file"]
        if frame["cost"] == "log_likelihood":
            z = np.array([frame["z1"], *course_site.FRAME_REST])
            assert soft["diagonal_only"] == 0.0
            assert soft["delta37"] == pytest.approx(ref.softmax(z)[0], rel=1e-12)


def test_frame_alt_refuses_a_false_claim():
    state = explorer_numbers([1.5, 0.5, -0.5, -1.5])
    state["sigmoid"]["J"] = np.ones((4, 4))  # as if sigmoid's Jacobian were full
    with pytest.raises(RuntimeError, match="not diagonal"):
        course_site.frame_alt(state)


def test_course_map_has_a_line_for_every_notebook():
    lines = json.loads((SITE / "course_map.json").read_text("utf-8"))
    for path in (ROOT / "notebooks").glob(course_site.NOTEBOOK_GLOB):
        assert path.stem in lines, f"site/course_map.json has no line for {path.name}"
        title, text = lines[path.stem]
        assert title and len(text.split()) >= 5


# ------------------------------------------------------------ one repository, launch anywhere -

def test_citation_names_the_repository_once_and_everything_follows_it():
    """CITATION.cff's repository-code is the only address of the repository: the site's config
    and the launch cell read it, and every GitHub address of the course elsewhere is it."""
    owner_repo = REPOSITORY.split("github.com/")[1]
    assert re.fullmatch(r"[\w.-]+/[\w.-]+", owner_repo)
    conf = (SITE / "conf.py").read_text("utf-8")
    assert "REPOSITORY_URL = repository_url()" in conf
    assert f"git+{REPOSITORY}" in notebook_tools.launch_cell_source()
    # the placeholder or an old address must not survive anywhere else
    for path in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "pyproject.toml",
                 *SITE.glob("*.md"), *SITE.glob("_templates/*.html"), *SITE.glob("_ext/*.py")]:
        for found in re.findall(r"github\.com/([\w.-]+/[\w.-]+?)(?:/|\)|\s|\.git|$)",
                                path.read_text("utf-8")):
            if found.split("/")[0] in ("jupyter", "mnielsen", "mathjax", "dequelabs"):
                continue  # other projects the prose cites
            assert found == owner_repo, f"{path.name} names github.com/{found}, not CITATION.cff's"


README_LAUNCH = re.compile(
    r"\((https://(?:mybinder\.org/v2/gh/|colab\.research\.google\.com/github/|"
    r"www\.kaggle\.com/kernels/welcome\?src=https://github\.com/)[^)\s]+)\)")


def test_readme_launch_links_open_the_course_from_the_repository():
    """The Binder badge and the course map's Binder, Colab and Kaggle links (every notebook has
    all three) name CITATION.cff's repository and a notebook that exists."""
    readme = (ROOT / "README.md").read_text("utf-8")
    owner_repo = REPOSITORY.split("github.com/")[1]
    badge = re.search(r"\(https://mybinder.org/v2/gh/([^/]+/[^/]+)/main\?urlpath=lab/tree/"
                      r"notebooks\)", readme)
    assert badge, "the README has no Binder badge launching notebooks/"
    assert badge.group(1) == owner_repo
    links = README_LAUNCH.findall(readme)
    for url in links:
        assert owner_repo in url, url
        notebook = re.search(r"notebooks/(\d\d_\w+\.ipynb)", url)
        assert notebook is None or (ROOT / "notebooks" / notebook.group(1)).is_file(), url
    for path in sorted((ROOT / "notebooks").glob(course_site.NOTEBOOK_GLOB)):
        expected = {f"https://colab.research.google.com/github/{owner_repo}/blob/main/"
                    f"notebooks/{path.name}",
                    f"https://www.kaggle.com/kernels/welcome?src={REPOSITORY}/blob/main/"
                    f"notebooks/{path.name}"}
        missing = expected - set(links)
        assert not missing, f"the README's course map has no Colab/Kaggle link for {path.name}"


def test_every_notebook_starts_with_the_current_launch_cell():
    """The first code cell installs nnhelpers where it is missing (Colab, Kaggle)."""
    stale = []
    for path in sorted((ROOT / "notebooks").glob(course_site.NOTEBOOK_GLOB)):
        nb = json.loads(path.read_text("utf-8"))
        first = next(c for c in nb["cells"] if c["cell_type"] == "code")
        if "".join(first["source"]) != notebook_tools.launch_cell_source():
            stale.append(path.name)
    assert not stale, f"no current launch cell in {stale}: run {RUN_LAUNCH_CELL}"


def small_notebook(path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A title"),
                nbformat.v4.new_code_cell("from nnhelpers import bp1", execution_count=1),
                nbformat.v4.new_code_cell("1 + 1", execution_count=2, outputs=[
                    nbformat.v4.new_output("execute_result", {"text/plain": "2"},
                                           execution_count=2)])]
    nbformat.write(nb, path)
    return json.loads(path.read_text("utf-8"))


def test_launch_cell_tool_inserts_once_and_changes_nothing_else(tmp_path):
    path = tmp_path / "00_x.ipynb"
    before = small_notebook(path)
    assert notebook_tools.add_launch_cell(path) == "inserted"
    after = json.loads(path.read_text("utf-8"))
    code = [c for c in after["cells"] if c["cell_type"] == "code"]
    assert "".join(code[0]["source"]) == notebook_tools.launch_cell_source()
    assert code[0]["outputs"] == [] and code[0]["metadata"]["tags"] == ["remove-cell"]
    assert [c["execution_count"] for c in code] == [1, 2, 3]  # still one clean run
    assert code[2]["outputs"][0]["execution_count"] == 3
    assert [c["source"] for c in after["cells"] if "install" not in "".join(c["source"])] == \
        [c["source"] for c in before["cells"]]
    assert code[2]["outputs"][0]["data"] == before["cells"][2]["outputs"][0]["data"]
    text = path.read_text("utf-8")
    assert notebook_tools.add_launch_cell(path) == "up to date"
    assert path.read_text("utf-8") == text
    after["cells"][1]["source"] = notebook_tools.LAUNCH_MARK + "\n# an older version\n"
    path.write_text(json.dumps(after), "utf-8")
    assert notebook_tools.add_launch_cell(path) == "updated"
    again = json.loads(path.read_text("utf-8"))
    assert len(again["cells"]) == 4
    assert "".join(again["cells"][1]["source"]) == notebook_tools.launch_cell_source()


LAUNCH_PROBE = """
import importlib.util, subprocess, sys
calls = []
found = importlib.util.find_spec
importlib.util.find_spec = lambda name, *a: None if name == "nnhelpers" else found(name, *a)
subprocess.run = lambda args, **kw: calls.append(args)
exec(open(sys.argv[1], encoding="utf-8").read())
print(calls)
"""


@pytest.mark.parametrize("where", ["colab", "clone", "installed"])
def test_launch_cell_installs_nnhelpers_only_where_it_is_missing(tmp_path, where):
    """Where nnhelpers is installed the cell prints and runs nothing; where it is missing it pip
    installs it from the clone the notebook sits in, or else from the repository (as in Colab)."""
    cell = tmp_path / "cell.py"
    cell.write_text(notebook_tools.launch_cell_source(), "utf-8")
    folder = {"colab": tmp_path, "clone": ROOT / "notebooks", "installed": tmp_path}[where]
    code = (["-c", f"import runpy, sys; runpy.run_path({str(cell)!r})"] if where == "installed"
            else ["-c", LAUNCH_PROBE, str(cell)])
    done = subprocess.run([sys.executable, *code], cwd=folder, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    if where == "installed":
        assert done.stdout == "" and done.stderr == ""
        return
    source = f"git+{REPOSITORY}" if where == "colab" else str(ROOT)
    assert f"Installing nnhelpers from {source}" in done.stdout
    assert done.stdout.strip().endswith(
        repr([[sys.executable, "-m", "pip", "install", "--quiet", source]]))


# ------------------------------------------------------------ plain text, report link, serve --

@pytest.mark.parametrize(("tex", "text"), [("k", "k"), (r"\delta^L", "δ^L"),
                                           (r"\partial a/\partial z", "∂a/∂z")])
def test_tex_to_text(tex, text):
    assert course_site.tex_to_text(tex) == text


def built(name):
    """The built site's file `name`; the test is skipped (failed under REQUIRE_BROWSER=1) when
    the site is not built."""
    path = HTML / name
    if not path.is_file():
        message = f"the site is not built ({path} missing): run `make site`"
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    return path


def site_pages():
    return sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
                  if not p.relative_to(HTML).as_posix().startswith(("_static/", "_sources/")))


def test_built_titles_and_search_index_are_plain_text():
    index = built("searchindex.js").read_text("utf-8")
    data = json.loads(index[index.index("(") + 1:index.rindex(")")])
    for title in [*data["titles"], *data["alltitles"]]:
        assert not TEX.search(title) and "\\" not in title, f"TeX in a search title: {title!r}"
    assert "00 · The question: why does (37) sum over k?" in data["titles"]
    for name in site_pages():
        page = (HTML / name).read_text("utf-8")
        title = html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))
        assert not TEX.search(title) and "\\" not in title, f"{name}: TeX in <title>: {title!r}"
        for text in re.findall(r'data-text="([^"]*)"', page):
            assert not TEX.search(html.unescape(text)), f"{name}: TeX in a formula's text {text!r}"


class TableGrid(html.parser.HTMLParser):
    """The cells of the first <table> of a page laid on a grid: rows of (tag, attributes, first
    column, last column), colspan and rowspan taken into account (issue 15: numbers under their
    activation's heading)."""

    def __init__(self):
        super().__init__()
        self.rows, self.carried, self.depth = [], {}, 0  # carried: column -> rows still spanned

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.depth += 1
        elif tag == "tr" and self.depth == 1:
            self.rows.append([])
            self.column = 0
        elif tag in ("td", "th") and self.depth == 1:
            while self.carried.get(self.column, 0) > 0:
                self.column += 1
            width, height = int(attrs.get("colspan", 1)), int(attrs.get("rowspan", 1))
            self.rows[-1].append((tag, attrs, self.column, self.column + width - 1))
            for c in range(self.column, self.column + width):
                self.carried[c] = height
            self.column += width

    def handle_endtag(self, tag):
        if tag == "tr" and self.depth == 1:
            self.carried = {c: n - 1 for c, n in self.carried.items() if n > 1}
        elif tag == "table":
            self.depth = -1 if self.depth == 1 else self.depth - 1  # only the first table


def test_live_explorer_table_keeps_each_number_under_its_activation():
    page = built("explorer.html").read_text("utf-8")
    table = page[page.index('<table class="live-table"'):]
    grid = TableGrid()
    grid.feed(table[:table.index("</table>") + len("</table>")])
    widths = {i: row[-1][3] + 1 for i, row in enumerate(grid.rows)}  # a rowspan's column counts
    assert set(widths.values()) == {5}, f"the rows span different numbers of columns: {widths}"
    groups = {}
    for _, attrs, first, last in grid.rows[0]:
        if attrs.get("scope") == "colgroup":
            groups[len(groups)] = (first, last)
    assert list(groups.values()) == [(1, 2), (3, 4)], groups  # sigmoid, then softmax
    spans = {"sigmoid": groups[0], "softmax": groups[1]}
    cells = [(attrs, first, last) for row in grid.rows for _, attrs, first, last in row
             if "data-act" in attrs]
    assert len(cells) == 2 * 2 * 4 + 2 * 2  # a and the term per k, then δ_j and k = j only
    for attrs, first, last in cells:
        low, high = spans[attrs["data-act"]]
        assert low <= first <= last <= high, (attrs, first, last)


def test_every_page_has_the_report_an_issue_link():
    for name in site_pages():
        page = built(name).read_text("utf-8")
        link = re.search(r'<a class="course-report-link" href="([^"]+)">Report an issue</a>', page)
        assert link, f"{name} has no Report an issue link"
        url = urlparse(html.unescape(link.group(1)))
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPOSITORY}/issues/new"
        assert name.removesuffix(".html") in parse_qs(url.query)["body"][0]


def listening_address(port):
    """The local address of the TCP socket listening on `port` (Linux), or None elsewhere."""
    table = Path("/proc/net/tcp")
    if not table.exists():
        return None
    for line in table.read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":  # LISTEN
            return socket.inet_ntoa(bytes.fromhex(address)[::-1])
    return "not listening"


def test_make_serve_serves_the_built_site_on_localhost_only():
    built("index.html")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(["make", "--no-print-directory", "serve", "SERVE_NEEDS=",
                               f"PORT={port}"], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    assert b"Deriving BP1" in reply.read()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "make serve did not answer within 30 s"
                time.sleep(0.2)
        page = "notebooks/00_the_question.html"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}", timeout=5) as reply:
            assert reply.status == 200
        assert listening_address(port) in ("127.0.0.1", None)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        out, _ = server.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in out


# ------------------------------------------------------------ the site in a browser ----------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def site_server():
    """(base URL, page paths): _build/html served on 127.0.0.1 from a thread, stopped afterwards;
    None when Chromium or the built site is missing and the test is required (it then fails)."""
    problem = None
    if not CHROMIUM.exists():
        problem = MISSING
    elif not (HTML / "index.html").is_file():
        problem = f"the site is not built ({HTML / 'index.html'} missing): run `make site`"
    if problem:
        if browser_required():
            yield problem
            return
        pytest.skip(problem)
    handler = functools.partial(QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# Text nodes outside code and typeset math that still look like TeX: \(, \[, $$, \command, $x$.
RAW_TEX = r"""() => {
  const bad = [];
  const skip = "pre, code, script, style, textarea, mjx-container, .highlight, .output";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const tex = /\\\(|\\\[|\$\$|\\[a-zA-Z]{2,}|\$[^$\s][^$]*\$/;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent.closest(skip) || !parent.checkVisibility()) continue;  // e.g. print-only titles
    if (tex.test(node.textContent)) bad.push(node.textContent.trim().slice(0, 120));
  }
  const untyped = [...document.querySelectorAll(".math")]
    .filter(el => !el.querySelector("mjx-container")).map(el => el.textContent.slice(0, 120));
  return bad.concat(untyped);
}"""

IMAGES = r"""() => [...document.querySelectorAll("img")].map(img => ({
  src: img.getAttribute("src"), alt: img.getAttribute("alt") || "",
  loaded: img.complete && img.naturalWidth > 0}))"""

LINKS = r"""() => [...document.querySelectorAll("a[href]")].map(a => a.href)"""


def bad_alt(image):
    """Why an image's alt text is not real (empty, a file name or path), or None."""
    alt = image["alt"].strip()
    name = Path(urlparse(image["src"]).path).name
    advice = ("; for a notebook figure, set its cell's metadata "
              '"mystnb": {"image": {"alt": "<a sentence saying what it shows>"}}')
    if not alt:
        return "no alt text" + advice
    if name in alt or re.search(r"\.(png|jpe?g|svg|gif|webp)$|^\S*/\S*$", alt):
        return f"alt text is its file name{advice}"
    return None


@pytest.mark.browser
def test_site_offline_in_chromium(site_server):
    if not site_server.startswith("http"):
        pytest.fail(f"{site_server} (REQUIRE_BROWSER=1: the site test is required here)")
    from playwright.sync_api import sync_playwright

    base = site_server
    pages = site_pages()
    assert "index.html" in pages and "explorer.html" in pages
    assert any(p.startswith("notebooks/") for p in pages)
    ARTIFACTS.mkdir(exist_ok=True)
    started = time.monotonic()
    problems, blocked, failed, console = [], [], [], []

    def route(r):
        if r.request.url.startswith(base):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route("**/*", route)
        page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: failed.append(f"{r.url} (HTTP {r.status})")
                if r.status >= 400 else None)
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: console.append(f"page error: {e}"))
        try:
            for name in pages:
                page.goto(base + name, wait_until="load")
                page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
                for text in page.evaluate(RAW_TEX):
                    problems.append(f"{name}: raw TeX left: {text!r}")
                for image in page.evaluate(IMAGES):
                    reason = bad_alt(image)
                    if reason:
                        problems.append(f"{name}: image {Path(image['src']).name[:12]}…: {reason}")
                    if not image["loaded"]:
                        problems.append(f"{name}: image {image['src'][:60]} did not load")
                opened = page.evaluate("() => [...document.querySelectorAll('details')]"
                                       ".filter(d => d.open).length")
                if opened:
                    problems.append(f"{name}: {opened} worked solution(s) or hint(s) open")
                for href in page.evaluate(LINKS):
                    if href.startswith(base):
                        target = unquote(urlparse(href).path)[1:] or "index.html"
                        if target.endswith("/"):
                            target += "index.html"
                        if not (HTML / target).is_file():
                            problems.append(f"{name}: link to missing {target}")
                if name.startswith("notebooks/"):
                    problems += launch_and_download_problems(page, name)
                if name in ("index.html", "explorer.html", "notebooks/03_eq37_chain_rule.html"):
                    page.screenshot(path=str(ARTIFACTS / f"site-{name.replace('/', '-')}.png"),
                                    full_page=True)
            check_explorer(page, base)
        except BaseException:
            page.screenshot(path=str(ARTIFACTS / "site-failure.png"))
            raise
        finally:
            browser.close()
    problems += [f"blocked request to another host: {u}" for u in blocked]
    problems += [f"failed request: {u}" for u in failed]
    problems += [f"console {c}" for c in console]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:60])
    print(f"site test: {len(pages)} pages in {time.monotonic() - started:.1f} s")


def launch_and_download_problems(page, name):
    """A notebook page has a Binder launch link to the same notebook in the repository and a
    download link to its .ipynb (which exists in the built site)."""
    notebook = Path(name).with_suffix(".ipynb").as_posix()  # notebooks/NN_x.ipynb
    links = page.evaluate(LINKS)
    problems = []
    if not any("mybinder.org/v2/gh/" in h and h.endswith(f"urlpath=lab/tree/{notebook}")
               for h in links):
        problems.append(f"{name}: no Binder launch link to {notebook}")
    if not any(h.endswith(f"_sources/{notebook}") for h in links):
        problems.append(f"{name}: no .ipynb download link")
    owner_repo = REPOSITORY.split("github.com/")[1]
    for where, url in (("Colab", f"https://colab.research.google.com/github/{owner_repo}/blob/"
                                 f"main/{notebook}"),
                       ("Kaggle", f"https://www.kaggle.com/kernels/welcome?src={REPOSITORY}/"
                                  f"blob/main/{notebook}")):
        if url not in links:
            problems.append(f"{name}: no {where} launch link to {notebook}")
    return problems


def check_explorer(page, base):
    """The flip-book answers the keyboard: ArrowRight moves z₁ one step (1.5 → 2.0), and the
    frame, its alt text and the readout become nnhelpers' for z = (2.0, 0.5, −0.5, −1.5)."""
    page.goto(urljoin(base, "explorer.html"), wait_until="load")
    image = page.locator("#flipbook-frame")
    before_src, before_alt = image.get_attribute("src"), image.get_attribute("alt")
    slider = page.locator("#flipbook-z1")
    assert slider.get_attribute("aria-valuetext") == "z₁ = +1.5"
    slider.focus()
    slider.press("ArrowRight")
    expected = next(f for f in FRAMES if f["z1"] == 2.0 and f["cost"] == "quadratic")
    page.wait_for_function("() => document.getElementById('flipbook-frame').complete")
    assert image.get_attribute("src") != before_src
    assert image.get_attribute("src").endswith(expected["file"])
    assert image.get_attribute("alt") == expected["alt"] != before_alt
    assert page.evaluate("() => document.getElementById('flipbook-frame').naturalWidth") > 0
    assert slider.get_attribute("aria-valuetext") == "z₁ = +2.0"
    state = explorer_numbers([2.0, 0.5, -0.5, -1.5], 0, 1, "quadratic")
    cell = page.locator('td[data-act="softmax"][data-key="delta37"]')
    assert cell.inner_text().replace("\u2212", "-") == f"{state['softmax']['delta_j']:+.6f}"
    page.locator('input[name="flipbook-cost"][value="log_likelihood"]').check()
    expected = next(f for f in FRAMES if f["z1"] == 2.0 and f["cost"] == "log_likelihood")
    assert image.get_attribute("alt") == expected["alt"]
    page.locator("#explorer-flipbook").screenshot(path=str(ARTIFACTS / "site-flipbook.png"))
    check_live_explorer(page)


def live_cases():
    """(z, j, target, cost) for the live explorer: the slider's ends, every cost, random logits."""
    rng = np.random.default_rng(0)
    cases = [([4.0, -4.0, 4.0, -4.0], 1, 0, "quadratic"), ([-4.0] * 4, 3, 3, "log_likelihood"),
             ([1.5, 0.5, -0.5, -1.5], 0, 0, "cross_entropy")]
    for cost in ("quadratic", "cross_entropy", "log_likelihood"):
        for _ in range(6):
            z = (np.rint(rng.uniform(-4, 4, 4) * 10) / 10).tolist()
            cases.append((z, int(rng.integers(4)), int(rng.integers(4)), cost))
    return cases


def check_live_explorer(page):
    """The page's own computation of the explorer's numbers equals nnhelpers' explorer_numbers on
    many inputs, and its table answers the keyboard and the choices."""
    for z, j, target, cost in live_cases():
        got = page.evaluate("([z, j, t, c]) => window.courseExplorer.state(z, j, t, c)",
                            [z, j, target, cost])
        want = explorer_numbers(z, j, target, cost)
        for name in ("sigmoid", "softmax"):
            for key in ("a", "J", "grad_a", "terms"):
                np.testing.assert_allclose(got[name][key], want[name][key], rtol=1e-12,
                                           atol=1e-15, err_msg=f"{name} {key} {z} {j} {cost}")
            for key in ("delta_j", "diagonal_only_j"):
                assert got[name][key] == pytest.approx(want[name][key], rel=1e-12, abs=1e-15)
    live = page.locator("#live-explorer")
    live.locator('select[name="j"]').select_option(index=1)  # j = 2 (value "1" matches label "1")
    live.locator('select[name="cost"]').select_option(value="log_likelihood")
    slider = live.locator("#live-z3")
    slider.focus()
    slider.press("ArrowLeft")  # z3: -0.5 -> -0.6
    assert slider.get_attribute("aria-valuetext") == "z3 = \u22120.6"
    want = explorer_numbers([1.5, 0.5, -0.6, -1.5], 1, 0, "log_likelihood")
    for name in ("sigmoid", "softmax"):
        for key in ("delta_j", "diagonal_only_j"):
            text = live.locator(f'tfoot td[data-act="{name}"][data-key="{key}"]').inner_text()
            assert float(text.replace("\u2212", "-")) == pytest.approx(want[name][key],
                                                                       abs=1.01e-6), (name, key)
    live.screenshot(path=str(ARTIFACTS / "site-live-explorer.png"))


# ------------------------------------------------------------ every reader, at two widths ------

# What a reader at this width cannot reach: the page wider than the screen, or content beyond the
# screen's edge outside a box that scrolls; boxes that scroll with no hint; figures drawn so small
# that their labels are under 60 % of full size, or not linked full size.
PHONE_CHECKS = r"""() => {
  window.courseMarkWideBoxes();
  const W = document.documentElement.clientWidth, problems = [];
  const extra = document.documentElement.scrollWidth - W;
  if (extra > 0) problems.push(`the page is ${extra} px wider than the screen`);
  const scrolls = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll(".bd-article *")) {
    if (el.closest("mjx-assistive-mml")) continue;  // screen readers' copy, clipped to 1 px
    const r = el.getBoundingClientRect();
    if (r.width > 0 && el.checkVisibility() && (r.right > W + 1 || r.left < -1) && !scrolls(el)) {
      problems.push(`${el.tagName.toLowerCase()}.${el.className} reaches past the screen's edge`);
    }
  }
  for (const box of document.querySelectorAll(".course-wide")) {
    if (!box.checkVisibility()) continue;
    const hint = (box.closest("div.math") || box).nextElementSibling;
    if (!hint || !hint.matches(".course-scroll-hint") || !hint.checkVisibility()) {
      problems.push(`a wide ${box.tagName.toLowerCase()} scrolls with no hint`);
    }
  }
  for (const img of document.querySelectorAll(".cell_output img")) {
    const link = img.closest("a.course-figure");
    if (!link || link.getAttribute("href") !== img.getAttribute("src")) {
      problems.push(`figure ${img.alt.slice(0, 40)}… is not linked full size`);
    }
    const scale = img.getBoundingClientRect().width / img.naturalWidth;
    if (scale < 0.6) problems.push(`figure ${img.alt.slice(0, 40)}… drawn at ${scale.toFixed(2)}`);
  }
  return problems.slice(0, 8);
}"""

AXE_RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter(v => ["critical", "serious"].includes(v.impact))
  .map(v => `${v.impact} ${v.id} (${v.help}) on ${v.nodes.length} node(s): ` +
            v.nodes.slice(0, 2).map(n => n.target.join(" ")).join(", "))"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1400, 390], ids=["desktop-1400px", "phone-390px"])
def test_site_serves_every_reader(site_server, width):
    """axe-core finds no critical or serious violation on any page; titles are plain text; the
    report link is visible; at phone width nothing scrolls the page sideways, wide boxes say they
    scroll and figures stay legible; search results show formulas as text."""
    if not site_server.startswith("http"):
        pytest.fail(f"{site_server} (REQUIRE_BROWSER=1: the site test is required here)")
    if not AXE.is_file():
        message = f"axe-core is missing ({AXE}): `make site` fetches it with npm"
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    base, problems = site_server, []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base)
                   else r.abort())
        try:
            for name in site_pages():
                page.goto(base + name, wait_until="load")
                page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
                if TEX.search(page.title()):
                    problems.append(f"{name}: title {page.title()!r} is not plain text")
                if not page.locator("a.course-report-link").is_visible():
                    problems.append(f"{name}: no visible Report an issue link")
                if width < 600:
                    problems += [f"{name}: {p}" for p in page.evaluate(PHONE_CHECKS)]
                page.add_script_tag(path=str(AXE))
                problems += [f"{name}: {v}" for v in page.evaluate(AXE_RUN)]
            page.goto(base + "search.html?q=perturbation", wait_until="load")
            page.wait_for_selector("#search-results p.context", timeout=20_000)
            for text in page.locator("#search-results li").all_inner_texts():
                if TEX.search(text):
                    problems.append(f"search result with TeX: {text[:160]!r}")
            page.screenshot(path=str(ARTIFACTS / f"site-search-{width}px.png"))
        finally:
            browser.close()
    assert not problems, f"{len(problems)} problem(s) at {width} px:\n" + "\n".join(problems[:40])

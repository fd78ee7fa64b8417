"""Sphinx extension for the course site (`make site`): notebooks in, course map, explorer flip-book.

- At `config-inited` the executed notebooks `notebooks/NN_*.ipynb` (and `notebooks/images/`) are
  mirrored into `site/notebooks/` (ignored by git), so the page names match the repository's paths
  (`notebooks/01_notation`), links between notebooks (`[..](NN_x.ipynb)`) resolve, and the Binder
  and download buttons point at the real files. Nothing is executed: nbval has proved them.
- ```{course-map}``` lists every notebook with its title and one line from `site/course_map.json`;
  a notebook without a line there fails the build (warnings are errors).
- ```{explorer-flipbook}``` is the Jacobian explorer without a kernel: frames drawn at build time by
  `nnhelpers.widgets.plot_explorer`, one per logit z_1 and cost, behind a keyboard-operable
  `<input type="range">`; each frame's alt text and readout are built from
  `nnhelpers.widgets.explorer_numbers`'s numbers (tested in tests/test_site.py).
- Launch links: every notebook page's launch menu has Kaggle beside the theme's Binder and Colab,
  and the course map and the explorer page link all three (`launch_urls`).
- Plain text where no MathJax runs: page titles (`<title>`, previous/next, search results) and the
  search index's section titles turn the TeX of their formulas into text (`tex_to_text`, by
  pylatexenc), and every formula carries its text in `data-text` for the search snippets
  (_static/course.js).
- `course_issue_url` in every page's context: the footer's "Report an issue" link
  (_templates/report-issue.html).
"""

import functools
import hashlib
import html
import json
import shutil
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
from docutils import nodes
from docutils.statemachine import StringList
from pylatexenc.latex2text import LatexNodes2Text
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

SITE = Path(__file__).resolve().parent.parent
ROOT = SITE.parent
NOTEBOOKS = ROOT / "notebooks"
MIRROR = SITE / "notebooks"
COURSE_MAP = SITE / "course_map.json"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"

logger = logging.getLogger(__name__)

# ------------------------------------------------------------------ the explorer's frames ----

# The flip-book moves z_1 over the widget's range in steps of 0.5 (other logits at the widget's
# defaults), for output neuron j = 1 and target class 2 (indices 0 and 1), under two costs. The
# target is not j on purpose: with log-likelihood and j = target the k = j term alone happens to
# equal δ_j (both are a_j − 1), so only j ≠ target shows that skipping the sum is wrong for both
# costs.
FRAME_Z1 = tuple(np.round(np.arange(-4.0, 4.0 + 1e-9, 0.5), 1).tolist())  # 17 values
FRAME_REST = (0.5, -0.5, -1.5)  # z_2, z_3, z_4: nnhelpers.widgets.default_logits(4)[1:]
FRAME_COSTS = ("quadratic", "log_likelihood")
FRAME_J = 0
FRAME_TARGET = 1
FIRST_Z1 = 1.5  # the widget's starting value
N_LIVE = 4  # logits in the live explorer
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _vector(values):
    return "(" + ", ".join(f"{v:.2f}" for v in values) + ")"


def frame_alt(state):
    """One sentence saying what the frame for `explorer_numbers(...)` `state` shows, with numbers.

    Checks the two claims it makes (sigmoid's Jacobian is diagonal, so δ_j is its k = j term;
    softmax's is full) and raises RuntimeError if either is false for this state.
    """
    from nnhelpers.widgets import COST_LABELS

    j = state["j"]
    sig, soft = state["sigmoid"], state["softmax"]
    off = ~np.eye(state["n"], dtype=bool)
    if np.any(sig["J"][off] != 0) or not np.isclose(sig["delta_j"], sig["diagonal_only_j"],
                                                     rtol=1e-12, atol=1e-15):
        raise RuntimeError(f"sigmoid's Jacobian is not diagonal at z = {state['z'].tolist()}")
    if not np.all(soft["J"][off] != 0):
        raise RuntimeError(f"softmax's Jacobian has a zero off-diagonal entry at "
                           f"z = {state['z'].tolist()}")
    d = f"δ{j + 1}".translate(SUB)
    return (
        f"Jacobian explorer at z = {_vector(state['z'])}, output neuron j = {j + 1}, target class "
        f"{state['target'] + 1}, {COST_LABELS[state['cost']]} cost. "
        f"Sigmoid: a = {_vector(sig['a'])}, a diagonal Jacobian, so {d} = {sig['delta_j']:+.4f} "
        f"by (37) is its k = {j + 1} term alone. "
        f"Softmax: a = {_vector(soft['a'])}, a full Jacobian, so {d} = {soft['delta_j']:+.4f} by "
        f"(37), while the k = {j + 1} term alone gives {soft['diagonal_only_j']:+.4f}."
    )


def frame_file(cost, z1):
    return f"explorer-{cost}-z1_{'m' if z1 < 0 else 'p'}{abs(z1):.1f}.png"


def frames():
    """The flip-book's frames, in slider order per cost: a list of dicts with cost, z1, file, alt
    and the readout numbers (from nnhelpers.widgets.explorer_numbers)."""
    from nnhelpers.explorer_state import explorer_numbers

    out = []
    for cost in FRAME_COSTS:
        for z1 in FRAME_Z1:
            state = explorer_numbers([z1, *FRAME_REST], FRAME_J, FRAME_TARGET, cost)
            out.append({
                "cost": cost, "z1": z1, "file": frame_file(cost, z1), "alt": frame_alt(state),
                "readout": {name: {"delta37": state[name]["delta_j"],
                                   "delta36": state[name]["delta_j_numeric"],
                                   "rel_error": state[name]["rel_error"],
                                   "diagonal_only": state[name]["diagonal_only_j"]}
                            for name in ("sigmoid", "softmax")},
            })
    return out


def _frames_key():
    """Changes when nnhelpers' code or the frame list changes: the cache's folder name."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "nnhelpers").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    digest.update(repr((FRAME_Z1, FRAME_REST, FRAME_COSTS, FRAME_J, FRAME_TARGET)).encode())
    return digest.hexdigest()[:16]


def render_frames(cache):
    """Draw every frame into `cache`/<key>/explorer/ unless that folder is complete; return
    `cache`/<key> (a folder for html_static_path: its explorer/ lands in _static/explorer/)."""
    import matplotlib

    matplotlib.use("Agg")  # the Sphinx process only; no kernel inherits this
    import matplotlib.pyplot as plt

    from nnhelpers.explorer_figure import plot_explorer

    base = Path(cache) / _frames_key()
    folder = base / "explorer"
    wanted = frames()
    if all((folder / f["file"]).is_file() for f in wanted):
        return base
    if Path(cache).exists():
        shutil.rmtree(cache)  # frames of older code
    folder.mkdir(parents=True)
    for frame in wanted:
        fig = plot_explorer(z=[frame["z1"], *FRAME_REST], j=FRAME_J, target=FRAME_TARGET,
                            cost=frame["cost"], n=1 + len(FRAME_REST))
        fig.savefig(folder / frame["file"], format="png", metadata={"Software": None})
        plt.close(fig)
    logger.info(f"explorer flip-book: drew {len(wanted)} frames")
    return base


class ExplorerFlipbook(SphinxDirective):
    """```{explorer-flipbook}```: the frames, a range input for z_1, a cost choice and a readout."""

    def run(self):
        for path in [__file__, *sorted((ROOT / "nnhelpers").glob("*.py"))]:
            self.env.note_dependency(str(path))  # re-read the page when the numbers may change
        prefix = "../" * self.env.docname.count("/")
        data = frames()
        start = FRAME_Z1.index(FIRST_Z1)
        first = data[start]
        costs = "".join(
            f'<label><input type="radio" name="flipbook-cost" value="{c}"'
            f'{" checked" if c == FRAME_COSTS[0] else ""}> {c.replace("_", "-")}</label> '
            for c in FRAME_COSTS)
        payload = {"static": f"{prefix}_static/explorer/", "z1": list(FRAME_Z1),
                   "costs": list(FRAME_COSTS), "frames": data}
        script_json = json.dumps(payload).replace("<", "\\u003c")  # no "</script>" inside
        rows = "".join(
            f'<tr><th scope="row">{label}</th><td data-act="sigmoid" data-key="{key}"></td>'
            f'<td data-act="softmax" data-key="{key}"></td></tr>'
            for key, label in (("delta37", "δ₁ by (37), the sum over k"),
                               ("delta36", "δ₁ by (36), central differences"),
                               ("rel_error", "relative error, all of δ"),
                               ("diagonal_only", "only the k = 1 term (skip the sum)")))
        urls = launch_urls(self.config, "notebooks/05_jacobian_explorer.ipynb")
        launch = ", ".join(f'<a href="{html.escape(url)}">{name}</a>' for name, url in urls.items())
        markup = f"""
<p class="flipbook-live">Open the live explorer (notebook 05) on {launch}: every logit, j,
the target and the cost, computed by a Python kernel.</p>
<div class="flipbook" id="explorer-flipbook">
  <div class="flipbook-controls">
    <label for="flipbook-z1">logit z₁ =
      <output id="flipbook-z1-value">{FIRST_Z1:+.1f}</output></label>
    <input type="range" id="flipbook-z1" min="0" max="{len(FRAME_Z1) - 1}" step="1"
           value="{start}" aria-valuetext="z₁ = {FIRST_Z1:+.1f}">
    <fieldset><legend>cost</legend>{costs}</fieldset>
  </div>
  <div class="course-scroll"><table class="flipbook-readout" aria-live="polite">
    <thead><tr><th scope="col">quantity</th><th scope="col">sigmoid</th>
      <th scope="col">softmax</th></tr></thead>
    <tbody>{rows}</tbody>
  </table></div>
  <img id="flipbook-frame" src="{prefix}_static/explorer/{first['file']}"
       alt="{html.escape(first['alt'])}" width="608" height="672">
  <script type="application/json" id="flipbook-data">{script_json}</script>
</div>
"""
        return [nodes.raw("", markup, format="html")]


class ExplorerLive(SphinxDirective):
    """```{explorer-live}```: sliders for every logit, j, target and cost, with the explorer's
    numbers computed in the page by _static/live_explorer.js (tested against explorer_numbers)."""

    def run(self):
        from nnhelpers.explorer_state import Z_RANGE, Z_STEP, default_logits
        from nnhelpers.widgets import COST_LABELS

        self.env.note_dependency(__file__)
        z = default_logits(N_LIVE)
        sliders = "".join(
            f'<label for="live-z{k + 1}">z{str(k + 1).translate(SUB)} = '
            f'<output data-k="{k}">{v:+.1f}</output></label>'
            f'<input type="range" id="live-z{k + 1}" min="{Z_RANGE[0]}" max="{Z_RANGE[1]}" '
            f'step="{Z_STEP}" value="{v:.1f}">'
            for k, v in enumerate(z))

        def select(name, label, options):
            inner = "".join(f'<option value="{value}">{text}</option>' for value, text in options)
            return f'<label>{label} <select name="{name}">{inner}</select></label>'

        neurons = [(k, k + 1) for k in range(N_LIVE)]
        choices = (select("j", "output neuron j", neurons)
                   + select("target", "target class", neurons)
                   + select("cost", "cost", list(COST_LABELS.items())))
        rows = "".join(
            f"<tr><th scope='row'>{k + 1}</th>"
            + "".join(f'<td data-act="{act}" data-key="{key}" data-k="{k}"></td>'
                      for act in ("sigmoid", "softmax") for key in ("a", "terms"))
            + "</tr>"
            for k in range(N_LIVE))
        summary = "".join(
            f"<tr><th scope='row'>{label}</th>"
            f'<td data-act="sigmoid" data-key="{key}" colspan="2"></td>'
            f'<td data-act="softmax" data-key="{key}" colspan="2"></td></tr>'
            for key, label in (("delta_j", "δ<sub>j</sub> by (37), the sum over k"),
                               ("diagonal_only_j", "only the k = j term (skip the sum)")))
        markup = f"""
<div id="live-explorer" class="live-explorer">
  <div class="live-sliders">{sliders}</div>
  <div class="live-choices">{choices}</div>
  <div class="course-scroll"><table class="live-table">
    <thead><tr><th rowspan="2" scope="col">k</th><th colspan="2" scope="colgroup">sigmoid</th>
      <th colspan="2" scope="colgroup">softmax</th></tr>
      <tr><th scope="col">a<sub>k</sub></th><th scope="col">term k of (37) for
      j = <span class="live-j-label">1</span></th><th scope="col">a<sub>k</sub></th>
      <th scope="col">term k of (37) for j = <span class="live-j-label">1</span></th></tr></thead>
    <tbody>{rows}</tbody>
    <tfoot>{summary}</tfoot>
  </table></div>
</div>
"""
        return [nodes.raw("", markup, format="html")]


# ------------------------------------------------------------------ notebooks and course map --

def mirror_notebooks():
    """Copy notebooks/NN_*.ipynb and notebooks/images/ into site/notebooks/ (mtimes kept, so
    Sphinx re-reads only what changed); remove copies whose notebook is gone."""
    MIRROR.mkdir(exist_ok=True)
    wanted = {p.name: p for p in NOTEBOOKS.glob(NOTEBOOK_GLOB)}
    if not wanted:
        raise ConfigError(f"no notebooks matching {NOTEBOOK_GLOB} in {NOTEBOOKS}")
    for old in MIRROR.glob("*.ipynb"):
        if old.name not in wanted:
            old.unlink()
    for name, source in wanted.items():
        target = MIRROR / name
        if not target.exists() or target.stat().st_mtime != source.stat().st_mtime:
            shutil.copy2(source, target)
    if (MIRROR / "images").exists():
        shutil.rmtree(MIRROR / "images")
    if (NOTEBOOKS / "images").is_dir():
        shutil.copytree(NOTEBOOKS / "images", MIRROR / "images")


class CourseMap(SphinxDirective):
    """```{course-map}```: every notebook, in order, with its title and its line."""

    def run(self):
        self.env.note_dependency(str(COURSE_MAP))
        self.env.note_dependency(__file__)
        lines = {k: v for k, v in json.loads(COURSE_MAP.read_text("utf-8")).items()
                 if not k.startswith("_")}
        items = []
        for path in sorted(NOTEBOOKS.glob(NOTEBOOK_GLOB)):
            if path.stem not in lines:
                logger.warning(f"notebooks/{path.name} has no line in site/course_map.json: add "
                               f'"{path.stem}": ["title", "what the learner does there"]',
                               location=self.get_location())
                continue
            title, text = lines[path.stem]
            launch = ", ".join(f"[{name}]({url})" for name, url in
                               launch_urls(self.config, f"notebooks/{path.name}").items())
            items.append(f"- **{path.stem[:2]}** · [{title}](notebooks/{path.name}): {text} "
                         f"Run it on {launch}.")
        content = StringList(items, source=str(COURSE_MAP))
        container = nodes.container(classes=["course-map"])
        self.state.nested_parse(content, self.content_offset, container)
        return [container]


# ------------------------------------------------------------------ launch and report links --

def launch_urls(config, notebook):
    """{"Binder": url, "Colab": url, "Kaggle": url} opening `notebook` (a path in the repository,
    "notebooks/NN_x.ipynb") from the repository and branch of the theme options."""
    options = config.html_theme_options
    repository = options["repository_url"].rstrip("/")
    owner_repo = repository.split("github.com/")[-1]
    branch = options["repository_branch"]
    launch = options["launch_buttons"]
    return {
        "Binder": f"{launch['binderhub_url']}/v2/gh/{owner_repo}/{branch}?urlpath=lab/tree/"
                  f"{notebook}",
        "Colab": f"{launch['colab_url']}/github/{owner_repo}/blob/{branch}/{notebook}",
        "Kaggle": f"https://www.kaggle.com/kernels/welcome?src={repository}/blob/{branch}/"
                  f"{notebook}",
    }


def _on_page_context(app, pagename, templatename, context, doctree):
    """The footer's issue link on every page; Kaggle in a notebook page's launch menu (after the
    theme's Binder and Colab, which it adds at priority 501)."""
    repository = app.config.html_theme_options["repository_url"].rstrip("/")
    title = html.unescape(context.get("title") or app.config.project)
    query = urlencode({"title": f"On the page '{title}'",
                       "body": f"Page: {pagename} on the course site\n\nWhat I found:\n"})
    context["course_issue_url"] = f"{repository}/issues/new?{query}"
    for group in context.get("header_buttons", []):
        if group.get("label") == "launch-buttons":
            url = launch_urls(app.config, f"{pagename}.ipynb")["Kaggle"]
            group["buttons"].append({"type": "link", "text": "Kaggle", "url": url,
                                     "tooltip": "Launch on Kaggle", "icon": "fab fa-kaggle"})


# ------------------------------------------------------------------ formulas as plain text ----

@functools.cache
def tex_to_text(tex):
    """Plain text for a TeX formula: "\\delta^L_j" -> "δ^L_j" (pylatexenc)."""
    return " ".join(LatexNodes2Text(math_mode="text").latex_to_text(tex).split())


class TitleMath(nodes.math):
    """Inline math in a heading: typeset on the page from its "tex", plain text wherever Sphinx
    takes the heading's text (the search index's section titles)."""

    def astext(self):
        return self["plain"]


def visit_math(self, node):
    """sphinx.ext.mathjax's inline math, with the formula's plain text in data-text."""
    tex = node.get("tex") or node.astext()
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight",
                                   **{"data-text": tex_to_text(tex)}))
    left, right = self.builder.config.mathjax_inline
    self.body.append(f"{left}{self.encode(tex)}{right}</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node):
    """sphinx.ext.mathjax's display math, its <div> given the formula's plain text in data-text."""
    from sphinx.ext import mathjax  # imported here: at module level it needs sphinx.util.logging

    start = len(self.body)
    try:
        mathjax.html_visit_displaymath(self, node)
    finally:
        text = html.escape(tex_to_text(node.astext()))
        self.body[start] = self.body[start].replace("<div ", f'<div data-text="{text}" ', 1)


def _plain_titles(app, doctree):
    """After Sphinx has collected the titles: the page's title in plain text, and the formulas of
    every heading as TitleMath (plain text for the search index, typeset on the page)."""
    env, docname = app.env, app.env.docname
    for store in (env.titles, env.longtitles):
        title = store.get(docname)
        if title is not None and any(True for _ in title.findall(nodes.math)):
            plain = "".join(tex_to_text(n.astext()) if isinstance(n, nodes.math) else n.astext()
                            for n in title.children)
            store[docname] = nodes.title(plain, plain)
    for heading in doctree.findall(nodes.title):
        for node in list(heading.findall(nodes.math)):
            tex = node.astext()
            node.replace_self(TitleMath(tex, tex, tex=tex, plain=tex_to_text(tex)))


def _on_config_inited(app, config):
    mirror_notebooks()
    cache = Path(app.doctreedir).parent / "explorer-frames"
    config.html_static_path.append(str(render_frames(cache)))
    vendored = SITE / "_vendor" / config.mathjax_path
    if not vendored.is_file():
        raise ConfigError(f"MathJax is not vendored at {vendored}: build the site with "
                          "`make site` (it fetches mathjax@3.2.2 with npm)")


def setup(app):
    app.connect("config-inited", _on_config_inited)
    app.connect("doctree-read", _plain_titles, priority=600)  # after Sphinx's title collectors
    app.connect("html-page-context", _on_page_context, priority=502)
    app.add_node(nodes.math, override=True, html=(visit_math, None))
    app.add_node(nodes.math_block, override=True, html=(visit_displaymath, None))
    app.add_directive("course-map", CourseMap)
    app.add_directive("explorer-flipbook", ExplorerFlipbook)
    app.add_directive("explorer-live", ExplorerLive)
    app.add_js_file("live_explorer.js", loading_method="defer")
    app.set_html_assets_policy("always")  # MathJax on every page: the sidebar's titles have math
    app.add_js_file("flipbook.js", loading_method="defer")
    app.add_js_file("course.js", loading_method="defer")
    app.add_css_file("course.css")
    # env_version: doctrees read by an older version of this file are read again
    return {"env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx configuration of the course site. Build it with `make site` (output: _build/html).

The pages are the committed, executed notebooks (never re-executed here: nbval has proved them),
mirrored into site/notebooks/ by the local extension `_ext/course_site.py`, plus the landing page
(index.md) and the explorer without a kernel (explorer.md). Works offline: MathJax 3 is vendored
into site/_vendor/ at build time by `make site`.
"""

import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent
sys.path.insert(0, str(SITE / "_ext"))
sys.path.insert(0, str(SITE.parent / "tools"))

from notebook_tools import repository_url  # noqa: E402

# Where the course is published (CITATION.cff's repository-code, read by tools/notebook_tools.py):
# the launch (Binder, Colab, Kaggle), repository, "report an issue" and download links point there.
REPOSITORY_URL = repository_url()
REPOSITORY_BRANCH = "main"

project = "Deriving BP1"
author = "the Deriving BP1 contributors"
copyright = "the Deriving BP1 contributors; prose and figures CC BY 4.0, code MIT"

extensions = ["myst_nb", "course_site"]
root_doc = "index"
exclude_patterns = ["_build", "_vendor", "**/.ipynb_checkpoints", "README.md"]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}

nb_execution_mode = "off"  # the notebooks are committed executed
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

html_theme = "sphinx_book_theme"
html_title = "Deriving BP1"
templates_path = ["_templates"]  # the theme's search button, with a name that matches its label
html_static_path = ["_static", "_vendor"]  # the extension adds the explorer's frames
html_last_updated_fmt = None
html_show_sphinx = False
html_sourcelink_suffix = ""  # so the .ipynb download is the notebook itself
mathjax_path = "mathjax/tex-mml-chtml.js"  # vendored, see the Makefile's `site` target

html_context = {"default_mode": "light"}  # the figures are drawn on white
html_theme_options = {
    "repository_url": REPOSITORY_URL,
    "repository_branch": REPOSITORY_BRANCH,
    "path_to_docs": "",  # page names are the repository's paths: notebooks/NN_x
    "use_repository_button": True,
    "use_issues_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "launch_buttons": {"binderhub_url": "https://mybinder.org",
                       "colab_url": "https://colab.research.google.com",  # Kaggle: _ext
                       "notebook_interface": "jupyterlab"},
    "footer_content_items": ["author.html", "copyright.html", "report-issue.html"],
    "show_toc_level": 2,
}

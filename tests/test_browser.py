"""The Jacobian explorer as a learner uses it: JupyterLab in headless Chromium, via Playwright.

Starts JupyterLab on 127.0.0.1 (free port, random token, private settings/workspace/runtime
directories) serving a temporary copy of notebook 05 without its outputs, so the committed
notebook is never touched and every output seen comes from this run.
Opens it, runs all cells from the Run menu, checks that no cell shows an error or a warning,
moves the first logit slider with the keyboard and checks that the explorer's figure and readout
changed to nnhelpers' numbers; measures the slider track (pixels per step of 0.1); checks that Run
All shows no question verdict and that a question's Check button shows one when pressed.

Needs Debian's Chromium at /usr/bin/chromium (`apt-get install chromium`; never
`playwright install`). Without it the test is skipped with that reason, or fails when
REQUIRE_BROWSER=1 (CI). Screenshots go to test-artifacts/ (the explorer's always, the whole page on
failure); with UPDATE_SCREENSHOTS=1 the explorer's also replaces notebooks/images/explorer.png,
the README's picture.
"""

import math
import os
import shutil
import time

import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MISSING,
    ROOT,
    Lab,
    browser_required,
    open_and_run_all,
    wait_for,
)

from nnhelpers.widgets import explorer_numbers

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
README_IMAGE = ROOT / "notebooks" / "images" / "explorer.png"
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
MIN_PX_PER_STEP = 3.0  # a slider value must be reachable with the mouse
EXPLORER = ".nnhelpers-explorer"  # the class JacobianExplorer adds to itself
CHECK = ".nnhelpers-explorer-menus button"  # a question's Check my sliders
FIGURE_MIN = (420, 280)  # px: the live figure at least this large, its text legible
# (viewport, name): a laptop, a large screen, a narrow window; JupyterLab's file browser open
VIEWPORTS = [((1366, 768), "laptop"), ((1920, 1080), "large"), ((1024, 768), "narrow")]
AXE = ROOT / ".venv" / "axe-core" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def lab(tmp_path):
    """A running JupyterLab, stopped afterwards whatever happens; None if Chromium is missing
    and required (the test then fails, rather than erroring in set-up)."""
    if not CHROMIUM.exists():
        if browser_required():
            yield None
            return
        pytest.skip(MISSING)
    server = Lab(tmp_path)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()




def test_explorer_runs_and_responds_in_jupyterlab(lab):
    if lab is None:
        pytest.fail(f"{MISSING} (REQUIRE_BROWSER=1: the browser test is required here)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        try:
            open_and_run_all(page, lab)

            errors = page.locator(STDERR)
            assert errors.count() == 0, "a cell shows an error or warning:\n" + "\n".join(
                errors.all_inner_texts())[:2000]

            explorer = page.locator(EXPLORER).first
            explorer.scroll_into_view_if_needed()
            figure = explorer.locator(".nnhelpers-explorer-figure svg").first
            figure.wait_for(timeout=20_000)  # the live figure, drawn in the page (anywidget)
            label = explorer.locator(".nnhelpers-explorer-figure")
            before = label.get_attribute("aria-label")
            assert before.startswith("Explorer figure at z = (1.5, 0.5, -0.5, -1.5)"), before
            readout = explorer.locator(".nnhelpers-explorer-readout table")
            readout_before = readout.inner_text()
            assert readout_before.count("✔") == 2, readout_before  # (37) matches (36)

            # nothing in the notebook moves the learner's sliders: still the starting values
            readouts = explorer.locator(".nnhelpers-explorer-sliders output")
            assert readouts.all_inner_texts() == ["1.5", "0.5", "-0.5", "-1.5"]

            # each slider's track is long enough to hit each of its 81 values with the mouse
            steps = 80  # 81 values of z from -4 to 4 in steps of 0.1
            sliders = explorer.locator(".nnhelpers-explorer-sliders input[type=range]")
            assert sliders.count() == 4
            for track in sliders.all():
                width = track.bounding_box()["width"]
                assert width / steps >= MIN_PX_PER_STEP, (
                    f"slider track {width:.0f} px: {width / steps:.2f} px a step")
            px_per_step = sliders.first.bounding_box()["width"] / steps
            print(f"slider track: {px_per_step:.2f} px a step")

            # the questions' explorers show no verdict after Run All; pressing Check shows one
            buttons = page.locator(CHECK, has_text="Check my sliders")
            assert buttons.count() == 2
            question = page.locator(EXPLORER).filter(has=buttons.first).first
            assert "well done" not in question.inner_text()
            assert "not below 0.4 yet" not in question.inner_text()
            buttons.first.scroll_into_view_if_needed()
            buttons.first.click()
            wait_for(lambda: "not below 0.4 yet" in question.inner_text(), 20,
                     "question 2's verdict after pressing Check my sliders")
            explorer.scroll_into_view_if_needed()

            handle = sliders.first
            position = int(handle.input_value())  # z1 = position / 10
            handle.focus()
            for _ in range(3):
                handle.press("ArrowRight")
            wait_for(lambda: label.get_attribute("aria-label") != before, 20,
                     "the explorer's figure to change after moving slider z1")
            assert int(handle.input_value()) == position + 3
            assert handle.get_attribute("aria-valuetext") == "1.8"
            assert readouts.first.inner_text() == "1.8"
            # the readout ends up showing what nnhelpers computes for z = (1.8, 0.5, -0.5, -1.5)
            expected = explorer_numbers([1.8, 0.5, -0.5, -1.5], 0, 0, "quadratic")
            numbers = [f"{expected[name]['delta_j']:+.6f}" for name in ("sigmoid", "softmax")]
            wait_for(lambda: all(x in readout.inner_text() for x in numbers)
                     and lab.kernel_state() == "idle", 20,
                     f"the readout to show delta_1 = {numbers} for z1 = 1.8")
            assert readout.inner_text().count("✔") == 2
            assert "z = (1.8, 0.5, -0.5, -1.5)" in label.get_attribute("aria-label")
            # the bars drawn are the kernel's numbers: sigmoid's a_1 / a_2 = σ(1.8) / σ(0.5),
            # softmax's a_1 / a_2 = e^1.3, from the heights of the bars in the page
            for panel, ratio in [("sigmoid", (1 + math.exp(-0.5)) / (1 + math.exp(-1.8))),
                                 ("softmax", math.exp(1.3))]:
                heights = figure.locator(f"[data-panel={panel}-outputs] rect[data-k]").evaluate_all(
                    "bars => bars.map(b => b.getBBox().height)")
                assert len(heights) == 4 and heights[0] / heights[1] == pytest.approx(
                    ratio, rel=1e-6), (panel, heights)
            assert page.locator(STDERR).count() == 0

            page.wait_for_timeout(300)
            explorer.screenshot(path=str(ARTIFACTS / "explorer.png"))
            if os.environ.get("UPDATE_SCREENSHOTS") == "1":
                README_IMAGE.parent.mkdir(exist_ok=True)
                shutil.copy(ARTIFACTS / "explorer.png", README_IMAGE)
        except BaseException:
            page.screenshot(path=str(ARTIFACTS / "browser-failure.png"))
            (ARTIFACTS / "jupyterlab.log").write_text(lab.log_text())
            raise
        finally:
            browser.close()
    print(f"browser test body took {time.monotonic() - started:.1f} s")


# the notebook's scrolling view, and the rectangles of the explorer's figure and controls in it
GEOMETRY = """explorer => {
  const image = explorer.querySelector(".nnhelpers-explorer-figure svg");
  let view = image.parentElement;  // the notebook's scroller, not an output's overflow box
  while (view && !(["auto", "scroll"].includes(getComputedStyle(view).overflowY)
                   && view.scrollHeight > view.clientHeight + 200)) {
    view = view.parentElement;
  }
  const box = e => { const r = e.getBoundingClientRect();
                     return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                             width: r.width, height: r.height}; };
  const controls = Array.from(explorer.querySelectorAll(
    ".nnhelpers-explorer-control, .nnhelpers-explorer-readout, .nnhelpers-explorer-menus button, "
    + ".nnhelpers-explorer-verdict")).filter(e => e.getClientRects().length);  // shown ones
  return {view: box(view), image: box(image), controls: Array.from(controls, box)};
}"""
AXE_RUN = """async element => (await axe.run(element, {resultTypes: ["violations"]})).violations
  .filter(v => ["critical", "serious"].includes(v.impact))
  .map(v => `${v.impact} ${v.id} (${v.help}) on ${v.nodes.length} node(s): ` +
            v.nodes.slice(0, 2).map(n => n.target.join(" ")).join(", "))"""


def inside(rect, view):
    return (rect["top"] >= view["top"] - 0.5 and rect["bottom"] <= view["bottom"] + 0.5
            and rect["left"] >= view["left"] - 0.5 and rect["right"] <= view["right"] + 0.5)


def test_explorer_fits_the_notebook_view_and_is_accessible(lab):
    """At 1366 x 768 (and 1920 x 1080, and a narrow 1024 x 768) with the file browser open, the
    explorer's whole figure, every slider and menu and the readout are in the notebook's view at
    once, the figure at least FIGURE_MIN; at 1366 x 768 a question's explorer too, with its Check
    button and the verdict it shows; axe-core finds no critical or serious violation in either
    cell."""
    if lab is None:
        pytest.fail(f"{MISSING} (REQUIRE_BROWSER=1: the browser test is required here)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        try:
            open_and_run_all(page, lab)
            assert page.locator(".jp-FileBrowser").first.is_visible(), "file browser closed"
            explorer = page.locator(EXPLORER).first
            explorer.locator(".nnhelpers-explorer-figure svg").wait_for(state="attached",
                                                                        timeout=20_000)
            # the question's explorer, with its Check button and a verdict shown, on the laptop
            question = page.locator(EXPLORER).filter(has=page.locator(CHECK)).first
            question.locator(CHECK).click()
            question.locator(".nnhelpers-explorer-verdict").wait_for(timeout=20_000)
            for (width, height), name, cell in [*((size, name, explorer)
                                                  for size, name in VIEWPORTS),
                                                (VIEWPORTS[0][0], "question", question)]:
                page.set_viewport_size({"width": width, "height": height})
                page.wait_for_timeout(500)
                cell.locator(".nnhelpers-explorer-figure svg").evaluate(
                    "e => e.scrollIntoView({block: 'start'})")
                page.wait_for_timeout(300)
                g = cell.evaluate(GEOMETRY)
                image, view = g["image"], g["view"]
                print(f"{name} {width}x{height}: notebook view {view['width']:.0f} x "
                      f"{view['height']:.0f} px, figure {image['width']:.0f} x "
                      f"{image['height']:.0f} px, controls end at "
                      f"{max(c['bottom'] for c in g['controls']) - image['top']:.0f} px")
                if image["width"] < FIGURE_MIN[0] or image["height"] < FIGURE_MIN[1]:
                    problems.append(f"{name}: figure only {image['width']:.0f} x "
                                    f"{image['height']:.0f} px")
                if not inside(image, view):
                    problems.append(f"{name}: the figure {image} leaves the view {view}")
                for k, control in enumerate(g["controls"]):
                    if not inside(control, view):
                        problems.append(f"{name}: control {k + 1} {control} is out of the view "
                                        f"while the figure is in it")
                page.screenshot(path=str(ARTIFACTS / f"explorer-{name}.png"))
            if AXE.is_file():
                page.add_script_tag(path=str(AXE))
                for cell in (explorer, question):
                    output = page.locator(".jp-Cell-outputArea").filter(has=cell).first
                    problems += [f"axe: {v}" for v in output.evaluate(AXE_RUN)]
            elif browser_required():
                problems.append(f"axe-core is missing ({AXE}): `make site` fetches it with npm")
        except BaseException:
            page.screenshot(path=str(ARTIFACTS / "browser-failure.png"))
            raise
        finally:
            browser.close()
    assert not problems, "\n".join(problems)

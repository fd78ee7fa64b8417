"""How long the Jacobian explorer (notebook 05) takes in JupyterLab, from input to new figure.

    .venv/bin/python benchmarks/bench_explorer_browser.py [--updates 20] [--pause-ms 250]

Starts JupyterLab on 127.0.0.1 (the `Lab` of tests/browser_support.py, as the browser test
does), runs notebook 05 in Debian's Chromium at 1366 x 768 and drives the first explorer with
Playwright.
For each kind of update it measures, in the page, from the input's event (key press, pointer
move, menu choice) to the new figure in the page, laid out and ready to paint:

    logit   the arrow keys on slider z_1, one step of 0.1 (up and back down)
    drag    slider z_1 dragged with the mouse, one step at a time
    j, target, cost   a new value from each menu

and prints median and maximum beside the kernel-only time of the same kind of change (the
observe callback, `benchmarks/bench_explorer.py`). Each input waits until the previous update
has settled and then `--pause-ms` more, as between a learner's separate steps; with shorter
pauses the previous update's trailing work (painting, the kernel's messages) still occupies the
CPUs and the next one takes longer. Target: every median under 50 ms. Skipped with a message
where Chromium is missing. A timing is a benchmark, never a test assertion.
"""

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

TARGET_MS = 50.0
EXPLORER = ".nnhelpers-explorer"
FIGURE = ".nnhelpers-explorer-figure"  # the live figure: the browser draws its SVG (anywidget)
# in the page: from the input event itself (keydown, pointermove or a menu's input event, seen
# first, in the capture phase) to the figure's new SVG laid out (a MutationObserver sees it
# redrawn); both times are taken in the page, so Playwright's own round trips are not counted
ARM = """([figure, event]) => {
  window.benchStart = window.benchEnd = undefined;
  window.addEventListener(event, () => { window.benchStart = performance.now(); },
                          {capture: true, once: true});
  const observer = new MutationObserver(() => {
    figure.getBoundingClientRect();  // the new drawing's style and layout, as painting needs
    window.benchEnd = performance.now();
    observer.disconnect();
  });
  observer.observe(figure, {childList: true, subtree: true});
}"""
THUMB = 16  # px: the width of Chromium's range-slider thumb
EVENTS = {"logit": "keydown", "drag": "pointermove", "j": "input", "target": "input",
          "cost": "input"}


def browser_times(page, lab, updates, pause_ms):
    """{kind: [ms, ...]} measured in JupyterLab's page."""
    explorer = page.locator(EXPLORER).first
    figure = explorer.locator(FIGURE).first
    figure.scroll_into_view_if_needed()
    figure.wait_for(timeout=20_000)
    lab_idle(lab)
    handle = explorer.locator(".nnhelpers-explorer-sliders input[type=range]").first
    handle.focus()
    for key in ("ArrowRight", "ArrowLeft"):  # warm up (and wait out Run All) before timing
        before = figure.get_attribute("aria-label")
        handle.press(key)
        page.wait_for_function("([el, old]) => el.getAttribute('aria-label') !== old",
                               arg=[figure.element_handle(), before], timeout=120_000)
        lab_idle(lab)
    selects = explorer.locator("select")
    times = {kind: [] for kind in ("logit", "drag", "j", "target", "cost")}

    def timed(kind, action):
        if not times[kind]:
            print(f"  timing {kind} ...", file=sys.stderr, flush=True)
        page.evaluate(ARM, [figure.element_handle(), EVENTS[kind]])
        action()
        page.wait_for_function("window.benchEnd !== undefined", timeout=30_000)
        times[kind].append(page.evaluate("window.benchEnd - window.benchStart"))
        page.wait_for_timeout(pause_ms)
        lab_idle(lab)

    for i in range(updates):
        timed("logit", lambda i=i: handle.press("ArrowRight" if i % 2 == 0 else "ArrowLeft"))
    # the thumb's centre for position v: Chromium's thumb (THUMB px wide) spans the track's ends
    box, low, high = handle.bounding_box(), int(handle.get_attribute("min")), int(
        handle.get_attribute("max"))
    position, y = int(handle.input_value()), box["y"] + box["height"] / 2

    def x_at(v):
        return box["x"] + THUMB / 2 + (v - low) / (high - low) * (box["width"] - THUMB)

    page.mouse.move(x_at(position), y)
    page.mouse.down()
    for i in range(updates):
        position += 1 if i < updates // 2 else -1
        timed("drag", lambda v=position: page.mouse.move(x_at(v), y))
    page.mouse.up()
    for index, kind in enumerate(("j", "target", "cost")):
        menu = selects.nth(index)
        options = menu.locator("option").all_inner_texts()
        for i in range(updates):
            label = options[(i + 1) % len(options)]
            timed(kind, lambda m=menu, v=label: m.select_option(label=v))
    return times


def lab_idle(lab, timeout=10.0):
    import time

    deadline = time.monotonic() + timeout
    while lab.kernel_state() != "idle" and time.monotonic() < deadline:
        time.sleep(0.02)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=20)
    parser.add_argument("--pause-ms", type=int, default=250,
                        help="pause after each update before the next input (default 250)")
    args = parser.parse_args(argv if argv is not None else [])
    import bench_explorer
    import browser_support

    if not browser_support.CHROMIUM.exists():
        print(f"explorer in JupyterLab: skipped ({browser_support.MISSING})")
        return None
    from playwright.sync_api import sync_playwright

    kernel = bench_explorer.measure(4, args.updates)
    kernel["drag"] = kernel["logit"]
    with tempfile.TemporaryDirectory() as tmp:
        lab = browser_support.Lab(Path(tmp))
        try:
            lab.wait_ready()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(browser_support.CHROMIUM), headless=True,
                    args=browser_support.CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                try:
                    browser_support.open_and_run_all(page, lab)
                    times = browser_times(page, lab, args.updates, args.pause_ms)
                finally:
                    browser.close()
        finally:
            lab.stop()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Jacobian explorer in JupyterLab (Chromium, 1366 x 768), n = 4, {args.updates} "
          f"updates of each kind {args.pause_ms} ms apart, load average {load:.1f} on "
          f"{os.cpu_count()} CPUs:")
    print("  kind     input to new figure: median   max   | kernel callback: median   max")
    medians = {}
    for kind, values in times.items():
        medians[kind] = statistics.median(values)
        verdict = "PASS" if medians[kind] < TARGET_MS else "MISS"
        print(f"  {kind:7s} {medians[kind]:27.1f} {max(values):6.1f}   |"
              f" {statistics.median(kernel[kind]):22.1f} {max(kernel[kind]):6.1f}"
              f"   {verdict} against {TARGET_MS:.0f} ms")
    return medians


if __name__ == "__main__":
    main(sys.argv[1:])

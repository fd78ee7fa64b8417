// The course site's reading aids (loaded on every page by _ext/course_site.py).
(() => {
  "use strict";

  // Figures: each notebook figure opens full size (a tap on a phone), and on a narrow screen it is
  // drawn larger than the column, so its labels stay legible, in a box that scrolls sideways.
  for (const img of document.querySelectorAll(".cell_output > img")) {
    const link = document.createElement("a");
    link.className = "course-figure";
    link.href = img.getAttribute("src");
    link.title = "Open the figure full size";
    img.replaceWith(link);
    link.append(img);
  }

  // Boxes wider than the screen (formulas, tables, figures) scroll sideways in place, never the
  // page; a visible hint under each box that does says so. Kept right when the window resizes.
  // An inline formula longer than the column (the theme clips it) scrolls too.
  const BOXES = "div.math > mjx-container, span.math, .pst-scrollable-table-container, " +
                ".course-scroll, .course-figure";
  const contentWidth = box => {  // an inline formula's scrollWidth counts its hidden MathML too
    const drawn = box.matches("span.math") && box.querySelector("mjx-math");
    return drawn ? drawn.getBoundingClientRect().width : box.scrollWidth;
  };
  const WHAT = [[".math", "formula"], [".course-figure", "figure"], ["", "table"]];
  const markWideBoxes = () => {
    for (const box of document.querySelectorAll(BOXES)) {
      if (!box.getClientRects().length) continue;  // not shown now, e.g. in a folded solution
      const after = box.closest("div.math") || box;
      let hint = after.nextElementSibling;
      if (!hint || !hint.classList.contains("course-scroll-hint")) hint = null;
      const wide = contentWidth(box) > box.clientWidth + 1;
      box.classList.toggle("course-wide", wide);
      if (wide && !box.matches("a, [tabindex]") && !box.querySelector("a, input, [tabindex]")) {
        box.tabIndex = 0;  // the keyboard can scroll it too
      }
      if (wide && !hint) {
        const what = WHAT.find(([selector]) => !selector || box.matches(selector) ||
                                               box.closest(selector))[1];
        hint = document.createElement(after.matches("span") ? "span" : "p");
        hint.className = "course-scroll-hint";
        hint.setAttribute("aria-hidden", "true");  // for the eye: a screen reader reads it all
        hint.textContent = `⇆ Scroll sideways for the rest of the ${what}` +
                           (what === "figure" ? ", or tap it to open it full size." : ".");
        after.after(hint);
      } else if (!wide && hint) {
        hint.remove();
      }
    }
  };
  const typeset = window.MathJax && MathJax.startup && MathJax.startup.promise;
  (typeset || Promise.resolve()).then(markWideBoxes);
  window.addEventListener("load", markWideBoxes);  // figures have their size once loaded
  document.addEventListener("toggle", markWideBoxes, true);  // a solution or hint unfolded
  let pending = null;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(markWideBoxes, 150);
  });
  window.courseMarkWideBoxes = markWideBoxes;  // for the site test

  // Search results: a page's snippet shows each formula as the plain text written at build time
  // (data-text), not as TeX (the fetched page is not typeset).
  if (typeof Search !== "undefined") {
    const htmlToText = Search.htmlToText;
    Search.htmlToText = (htmlString, anchor) => {
      const doc = new DOMParser().parseFromString(htmlString, "text/html");
      for (const el of doc.querySelectorAll(".math[data-text]")) el.textContent = el.dataset.text;
      return htmlToText(doc.documentElement.outerHTML, anchor);
    };
  }
})();

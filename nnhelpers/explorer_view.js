// The Jacobian explorer's live figure (notebook 05), drawn in the browser as SVG. The kernel
// sends every number, colour and tick in `scene` (nnhelpers.explorer_figure.scene, from
// explorer_numbers), and the figure's description for screen readers in `description`; this file
// only places them, in the panels of plot_explorer's static figure. An anywidget module
// (https://anywidget.dev): render() draws once, then again whenever the kernel sends a new scene.

const FONT_FAMILY = "DejaVu Sans, Bitstream Vera Sans, Arial, sans-serif";
let figures = 0;  // each figure's hatch pattern needs an id of its own on the page

function escape(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attributes(attrs) {
  return Object.entries(attrs).map(([key, value]) => `${key}="${escape(value)}"`).join(" ");
}

// text: plain, or with e^{...} raised (softmax's formula): "e^zₖ" draws zₖ as a superscript
function text(x, y, content, size, attrs = {}) {
  const body = escape(content).replace(/\^(\S+)/g,
    (_, sup) => `<tspan baseline-shift="super" font-size="75%">${sup}</tspan>`);
  return `<text ${attributes({x, y, "font-size": size, "text-anchor": "middle",
    "dominant-baseline": "central", ...attrs})}>${body}</text>`;
}

function rect(x, y, width, height, attrs) {
  return `<rect ${attributes({x, y, width: Math.max(width, 0), height: Math.max(height, 0),
    ...attrs})}/>`;
}

function line(x1, y1, x2, y2, attrs) {
  return `<line ${attributes({x1, y1, x2, y2, ...attrs})}/>`;
}

// one panel: its box [x, y, width, height] in px (y down) and its data ranges; returns the
// panel's drawing so far and the maps from data to px
function axes(box, xlim, ylim) {
  const [x, y, width, height] = box;
  return {
    box,
    px: (v) => x + (v - xlim[0]) / (xlim[1] - xlim[0]) * width,
    py: (v) => y + height - (v - ylim[0]) / (ylim[1] - ylim[0]) * height,
  };
}

// the frame, ticks with labels, axis labels and title of a panel (pt sizes as matplotlib's)
function frame(ax, font, {xticks, yticks, xlabel, ylabel, title, titleSize}) {
  const [x, y, width, height] = ax.box;
  const tick = 3.5 * 80 / 72, pad = 3.5 * 80 / 72, parts = [];
  for (const [v, label] of xticks) {
    const px = ax.px(v);
    parts.push(line(px, y + height, px, y + height + tick, {stroke: "black"}));
    parts.push(text(px, y + height + tick + pad + font.ticks / 2, label, font.ticks));
  }
  let widest = 0;
  for (const [v, label] of yticks) {
    const py = ax.py(v);
    parts.push(line(x - tick, py, x, py, {stroke: "black"}));
    parts.push(text(x - tick - pad, py, label, font.ticks, {"text-anchor": "end"}));
    widest = Math.max(widest, label.length * 0.6 * font.ticks);
  }
  parts.push(rect(x, y, width, height, {fill: "none", stroke: "black", "stroke-width": 0.8}));
  parts.push(text(x + width / 2, y + height + tick + pad + font.ticks + 4 + font.label / 2,
    xlabel, font.label));
  const yx = x - tick - pad - widest - 4 - font.label / 2;
  parts.push(text(yx, y + height / 2, ylabel, font.label,
    {transform: `rotate(-90 ${yx} ${y + height / 2})`}));
  const lines = title.split("\n");
  lines.forEach((content, i) => parts.push(text(x + width / 2,
    y - 6 * 80 / 72 - (lines.length - 1 - i) * 1.2 * titleSize - titleSize / 2, content,
    titleSize)));
  return parts.join("");
}

function barPanel(ax, values, base, width, color, opacity, outlined, outlineWidth) {
  return values.map((v, k) => {
    const top = ax.py(Math.max(v, base)), bottom = ax.py(Math.min(v, base));
    const edge = k === outlined ? {stroke: "black", "stroke-width": outlineWidth * 80 / 72} : {};
    return rect(ax.px(k - width / 2), top, ax.px(k + width / 2) - ax.px(k - width / 2),
      bottom - top, {fill: color, "fill-opacity": opacity, "data-k": k + 1, ...edge});
  }).join("");
}

function draw(scene, hatch) {
  const {n, j, target, font, bar_margin: margin} = scene;
  const xlim = [-margin, n - 1 + margin];
  const ks = Array.from({length: n}, (_, k) => [k, String(k + 1)]);
  const parts = [`<defs><pattern id="${hatch}" width="8" height="8" patternUnits="userSpaceOnUse"
    patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#737373"
    stroke-width="1.2"/></pattern></defs>`,
  rect(0, 0, scene.width, scene.height, {fill: "white"})];
  for (const row of scene.rows) {
    const [outputsBox, jacobianBox, termsBox] = row.boxes;
    const name = row.name;
    // the outputs a_k; the target's column hatched from 0 to 1
    const outputs = axes(outputsBox, xlim, [0, 1]);
    parts.push(`<g data-panel="${name}-outputs">`,
      rect(outputs.px(target - 0.5), outputs.py(1), outputs.px(0.5) - outputs.px(-0.5),
        outputs.py(0) - outputs.py(1), {fill: `url(#${hatch})`, "data-target": target + 1}),
      barPanel(outputs, row.a, 0, 0.8, row.color, 0.85, target, 1.5),
      frame(outputs, font, {xticks: ks, yticks: [0, 0.2, 0.4, 0.6, 0.8, 1].map(
        (v) => [v, v.toFixed(1)]), xlabel: "output k (hatched: target)", ylabel: "aₖ",
      title: `${name}: ` + (row.elementwise ? "aₖ = σ(zₖ)" : "aₖ = e^zₖ / Σᵢ e^zᵢ"),
      titleSize: font.title}), "</g>");
    // the Jacobian J[k][j], row k = output; column j outlined, its entries printed
    const jac = axes(jacobianBox, [-0.5, n - 0.5], [n - 0.5, -0.5]);
    parts.push(`<g data-panel="${name}-jacobian">`);
    row.J_colors.forEach((colors, k) => colors.forEach((color, i) => parts.push(
      rect(jac.px(i - 0.5), jac.py(k - 0.5), jac.px(0.5) - jac.px(-0.5),
        jac.py(0.5) - jac.py(-0.5), {fill: color}))));
    if (n <= 4) {
      row.column_j.forEach((entry, k) => parts.push(text(jac.px(j), jac.py(k), entry,
        font.numbers, {fill: row.column_j_white[k] ? "white" : "black"})));
    }
    parts.push(rect(jac.px(j - 0.5), jac.py(-0.5), jac.px(0.5) - jac.px(-0.5),
      jac.py(n - 0.5) - jac.py(-0.5), {fill: "none", stroke: "black",
        "stroke-width": 2.5 * 80 / 72, "data-column": j + 1}),
    frame(jac, font, {xticks: ks, yticks: ks, xlabel: "input j (of zⱼ)",
      ylabel: "output k (of aₖ)", title: `${name} ∂aₖ/∂zⱼ (${row.elementwise ? "diagonal"
        : "full"})\noutlined: column j`, titleSize: font.title}), "</g>");
    // the terms of (37) for neuron j and their sum δ_j (dashed)
    const terms = axes(termsBox, xlim, [-scene.scale, scene.scale]);
    parts.push(`<g data-panel="${name}-terms">`,
      line(terms.px(xlim[0]), terms.py(0), terms.px(xlim[1]), terms.py(0),
        {stroke: "grey", "stroke-width": 0.8 * 80 / 72}),
      barPanel(terms, row.terms, 0, 0.8, row.color, 0.8, j, 2),
      line(terms.px(xlim[0]), terms.py(row.delta_j), terms.px(xlim[1]), terms.py(row.delta_j),
        {stroke: "black", "stroke-width": 1.2 * 80 / 72, "stroke-dasharray": "4.9 2.1",
          "data-delta": row.delta_j}),
      frame(terms, font, {xticks: ks, yticks: scene.term_ticks, xlabel: "term k of the sum",
        ylabel: "∂C/∂aₖ · ∂aₖ/∂zⱼ", title: `${name}: terms of (37), neuron j\n`
          + "their sum δⱼ (dashed)", titleSize: font.title - 1}), "</g>");
  }
  // one colour bar for both Jacobians, -vmax at the bottom
  const bar = scene.colorbar, [bx, by, bw, bh] = bar.box;
  const stops = bar.stops.map((color, i) =>
    `<stop offset="${i / (bar.stops.length - 1)}" stop-color="${color}"/>`).join("");
  parts.push(`<defs><linearGradient id="${hatch}-bar" x1="0" y1="1" x2="0" y2="0">${stops}`
    + "</linearGradient></defs>", rect(bx, by, bw, bh, {fill: `url(#${hatch}-bar)`,
    stroke: "black", "stroke-width": 0.8}));
  for (const [v, label] of bar.ticks) {
    const py = by + bh / 2 - v / bar.vmax * bh / 2;
    parts.push(line(bx + bw, py, bx + bw + 4, py, {stroke: "black"}),
      text(bx + bw + 7, py, label, font.ticks, {"text-anchor": "start"}));
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${scene.width} ${scene.height}"
    width="${scene.width}" font-family="${FONT_FAMILY}" aria-hidden="true"
    style="max-width: 100%; height: auto; display: block">${parts.join("")}</svg>`;
}

export default {
  render({model, el}) {
    const hatch = `nnhelpers-explorer-hatch-${++figures}`;
    const figure = document.createElement("div");
    figure.className = "nnhelpers-explorer-figure";
    figure.setAttribute("role", "img");
    const update = () => {
      figure.innerHTML = draw(model.get("scene"), hatch);
      figure.setAttribute("aria-label", model.get("description"));
    };
    update();
    model.on("change:scene", update);
    model.on("change:description", () => figure.setAttribute("aria-label",
      model.get("description")));
    el.appendChild(figure);
  },
};

// The Jacobian explorer in the browser (notebook 05): its figure, drawn as SVG, its controls and
// the readout. The kernel sends every number, colour, tick and title in `scene`
// (nnhelpers.explorer_figure.scene, from explorer_numbers), the figure's description for screen
// readers in `description` and the readout table in `readout`; this file only places them, in the
// panels of plot_explorer's static figure. The controls send the logits' slider positions, j, the
// target and the cost to the kernel, which answers with a new scene. An anywidget module
// (https://anywidget.dev), styled by explorer_view.css. For a question, a Check button sends
// "check" and the kernel answers with the `verdict`.

const FONT_FAMILY = "DejaVu Sans, Bitstream Vera Sans, Arial, sans-serif";
const PT = 80 / 72;  // px per point: the static figure's 80 dpi
const TICK = 3.5 * PT;  // a tick's length, and the gap between a tick and its label
let figures = 0;  // each figure's patterns need ids of their own on the page

function escape(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attributes(attrs) {
  return Object.entries(attrs).map(([key, value]) => `${key}="${escape(value)}"`).join(" ");
}

// text, with "_k" drawn as a subscript k and "^zₖ" as a superscript zₖ (as in a_k, e^zₖ)
function text(x, y, content, size, attrs = {}) {
  const body = escape(content)
    .replace(/_(\w)/g, (_, sub) => `<tspan baseline-shift="sub" font-size="75%">${sub}</tspan>`)
    .replace(/\^(\S+)/g, (_, sup) => `<tspan baseline-shift="super" font-size="75%">${sup}</tspan>`);
  return `<text ${attributes({x, y, "font-size": size, "text-anchor": "middle",
    "dominant-baseline": "central", ...attrs})}>${body}</text>`;
}

function rect(x, y, width, height, attrs) {
  return `<rect ${attributes({x, y, width, height, ...attrs})}/>`;
}

function line(x1, y1, x2, y2, attrs) {
  return `<line ${attributes({x1, y1, x2, y2, ...attrs})}/>`;
}

// a panel: its box [x, y, width, height] in px (y down) and the maps from its data ranges to px
function axes(box, xlim, ylim) {
  const [x, y, width, height] = box;
  return {
    box,
    px: (v) => x + (v - xlim[0]) / (xlim[1] - xlim[0]) * width,
    py: (v) => y + height - (v - ylim[0]) / (ylim[1] - ylim[0]) * height,
  };
}

// a panel's frame, x ticks and x label (sizes as matplotlib's): the same on every update
function frame(ax, font, xticks, xlabel) {
  const [x, y, width, height] = ax.box;
  const parts = [rect(x, y, width, height, {fill: "none", stroke: "black",
    "stroke-width": 0.8 * PT})];
  for (const [v, label] of xticks) {
    const px = ax.px(v);
    parts.push(line(px, y + height, px, y + height + TICK, {stroke: "black"}),
      text(px, y + height + 2 * TICK + font.ticks / 2, label, font.ticks));
  }
  parts.push(text(x + width / 2, y + height + 2 * TICK + font.ticks + 4 + font.label / 2, xlabel,
    font.label));
  return parts.join("");
}

// a panel's y ticks, y label (left of the widest tick label) and title
function labels(ax, font, yticks, ylabel, title, titleSize) {
  const [x, y, width, height] = ax.box;
  const parts = [];
  let widest = 0;
  for (const [v, label] of yticks) {
    const py = ax.py(v);
    parts.push(line(x - TICK, py, x, py, {stroke: "black"}),
      text(x - 2 * TICK, py, label, font.ticks, {"text-anchor": "end"}));
    widest = Math.max(widest, label.length * 0.6 * font.ticks);
  }
  const yx = x - 2 * TICK - widest - 4 - font.label / 2;
  parts.push(text(yx, y + height / 2, ylabel, font.label,
    {transform: `rotate(-90 ${yx} ${y + height / 2})`}));
  const lines = title.split("\n");
  lines.forEach((content, i) => parts.push(text(x + width / 2,
    y - 6 * PT - (lines.length - 1 - i) * 1.3 * titleSize - titleSize / 2, content, titleSize)));
  return parts.join("");
}

// bars of width 0.8 from 0 to each value; bar `outlined` gets a black edge, drawn as a line
// where its value is 0 (an SVG rectangle of height 0 is not drawn at all)
function bars(ax, values, color, opacity, outlined, edge) {
  return values.map((v, k) => {
    const top = ax.py(Math.max(v, 0)), bottom = ax.py(Math.min(v, 0));
    const x = ax.px(k - 0.4), width = ax.px(k + 0.4) - x;
    const outline = {stroke: "black", "stroke-width": edge * PT};
    return rect(x, top, width, bottom - top, {fill: color, "fill-opacity": opacity,
      "data-k": k + 1, ...(k === outlined ? outline : {})})
      + (k === outlined && bottom - top < 0.5 ? line(x, top, x + width, top, outline) : "");
  }).join("");
}

// each row's three panels, mapping data to px: outputs (k across, a from 0 to 1), the Jacobian
// (column i across, row k down) and the terms of (37) (k across, ±scale up)
function panels(scene) {
  const {n, bar_margin: margin} = scene;
  const xlim = [-margin, n - 1 + margin];
  return scene.rows.map((row) => ({row, outputs: axes(row.boxes[0], xlim, [0, 1]),
    jacobian: axes(row.boxes[1], [-0.5, n - 0.5], [n - 0.5, -0.5]),
    terms: axes(row.boxes[2], xlim, [-scene.scale, scene.scale]), xlim}));
}

// the layer the numbers move, redrawn on each update: bars, cells, entries, outlines, and the
// Jacobian's and (37) panels' ticks, labels and titles
function varyingLayer(scene, id) {
  const {n, j, target, font} = scene;
  const ks = Array.from({length: n}, (_, k) => [k, String(k + 1)]);
  const parts = [];
  for (const {row, outputs, jacobian: jac, terms, xlim} of panels(scene)) {
    // the outputs a_k; the target's column hatched from 0 to 1
    parts.push(`<g data-panel="${row.name}-outputs">`,
      rect(outputs.px(target - 0.5), outputs.py(1), outputs.px(0.5) - outputs.px(-0.5),
        outputs.py(0) - outputs.py(1), {fill: `url(#${id}-hatch)`, "data-target": target + 1}),
      bars(outputs, row.a, row.color, 0.85, target, 1.5), "</g>");
    // the Jacobian J[k][i], row k = output; column j outlined; entries printed for n <= 4
    const cell = [jac.px(0.5) - jac.px(-0.5), jac.py(0.5) - jac.py(-0.5)];
    parts.push(`<g data-panel="${row.name}-jacobian">`);
    row.J_colors.forEach((colors, k) => colors.forEach((color, i) => parts.push(
      rect(jac.px(i - 0.5), jac.py(k - 0.5), ...cell, {fill: color}))));
    row.J_text.forEach((entries, k) => entries.forEach((entry, i) => parts.push(
      text(jac.px(i), jac.py(k), entry, font.numbers,
        {fill: row.J_white[k][i] ? "white" : "black"}))));
    parts.push(rect(jac.px(j - 0.5), jac.py(-0.5), cell[0], n * cell[1], {fill: "none",
      stroke: "black", "stroke-width": 2.5 * PT, "data-column": j + 1}),
    labels(jac, font, ks, "output k (of a_k)", row.titles[1], font.title), "</g>");
    // the terms of (37) for neuron j and their sum δ_j (dashed)
    parts.push(`<g data-panel="${row.name}-terms">`,
      line(terms.px(xlim[0]), terms.py(0), terms.px(xlim[1]), terms.py(0),
        {stroke: "grey", "stroke-width": 0.8 * PT}),
      bars(terms, row.terms, row.color, 0.8, j, 2),
      line(terms.px(xlim[0]), terms.py(row.delta_j), terms.px(xlim[1]), terms.py(row.delta_j),
        {stroke: "black", "stroke-width": 1.2 * PT, "stroke-dasharray": "4.4 1.9",
          "data-delta": row.delta_j}),
      labels(terms, font, scene.term_ticks, "∂C/∂a_k · ∂a_k/∂z_j", row.titles[2],
        font.title - 1), "</g>");
  }
  return parts.join("");
}

// the layer drawn once, over the other: frames, x ticks, the outputs' labels, the colour bar
function fixedLayer(scene, id) {
  const {n, font} = scene;
  const ks = Array.from({length: n}, (_, k) => [k, String(k + 1)]);
  const parts = [];
  for (const {row, outputs, jacobian, terms} of panels(scene)) {
    parts.push(frame(outputs, font, ks, "output k (hatched: target)"),
      labels(outputs, font, [0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => [v, v.toFixed(1)]), "a_k",
        row.titles[0], font.title),
      frame(jacobian, font, ks, "input j (of z_j)"), frame(terms, font, ks, "term k of the sum"));
  }
  // one colour bar for both Jacobians, -vmax at the bottom
  const bar = scene.colorbar, [bx, by, bw, bh] = bar.box;
  parts.push(rect(bx, by, bw, bh, {fill: `url(#${id}-bar)`, stroke: "black",
    "stroke-width": 0.8 * PT}));
  for (const [v, label] of bar.ticks) {
    const py = by + bh / 2 - v / bar.vmax * bh / 2;
    parts.push(line(bx + bw, py, bx + bw + TICK, py, {stroke: "black"}),
      text(bx + bw + 2 * TICK, py, label, font.ticks, {"text-anchor": "start"}));
  }
  return parts.join("");
}

// the whole figure: its patterns, a white ground, then the two layers
function svg(scene, id) {
  const stops = scene.colorbar.stops.map((color, i, all) =>
    `<stop offset="${i / (all.length - 1)}" stop-color="${color}"/>`).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${scene.width} ${scene.height}"
    width="${scene.width}" font-family="${FONT_FAMILY}" aria-hidden="true"
    style="max-width: 100%; height: auto; display: block"><defs><pattern id="${id}-hatch"
    width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line
    x1="0" y1="0" x2="0" y2="6" stroke="#737373" stroke-width="1"/></pattern><linearGradient
    id="${id}-bar" x1="0" y1="1" x2="0" y2="0">${stops}</linearGradient></defs>${rect(0, 0,
    scene.width, scene.height, {fill: "white"})}<g class="varying">${varyingLayer(scene, id)}</g>${fixedLayer(scene, id)}</svg>`;
}

function element(tag, className, properties = {}) {
  return Object.assign(document.createElement(tag), {className, ...properties});
}

// a slider or menu: the keys pressed on it are its own, JupyterLab's shortcuts (in command mode
// an arrow key moves to another cell, D D deletes one) must not act on them
function control(tag, properties = {}) {
  const input = element(tag, "", properties);
  input.setAttribute("data-lm-suppress-shortcuts", "true");
  return input;
}

// a labelled native range slider per logit (its position k is z = k / 10), sending each move
function sliders(model) {
  const [low, high] = model.get("limits");
  const box = element("div", "nnhelpers-explorer-sliders");
  const controls = model.get("positions").map((_, k) => {
    const input = control("input", {type: "range", min: low, max: high, step: 1});
    input.setAttribute("aria-label", `logit z${k + 1}`);
    const shown = element("output", "");
    input.addEventListener("input", () => {
      const positions = [...model.get("positions")];
      positions[k] = Number(input.value);
      model.set("positions", positions);
      model.save_changes();
    });
    const label = element("label", "nnhelpers-explorer-control");
    label.append(`z${k + 1}`, input, shown);
    box.append(label);
    return [input, shown];
  });
  const show = () => model.get("positions").forEach((position, k) => {
    const [input, shown] = controls[k];
    if (Number(input.value) !== position) input.value = position;
    shown.textContent = (position / 10).toFixed(1);
    input.setAttribute("aria-valuetext", shown.textContent);
  });
  show();
  model.on("change:positions", show);
  return box;
}

// labelled menus for j, the target class and the cost, sending each choice; for a question, the
// Check button under them (it asks the kernel for a verdict) and the verdict, read out when shown
function menus(model) {
  const box = element("div", "nnhelpers-explorer-menus");
  const neurons = model.get("positions").map((_, k) => [k, String(k + 1)]);
  for (const [name, caption, options] of [["j", "output neuron j", neurons],
    ["target", "target class", neurons], ["cost", "cost", model.get("costs")]]) {
    const select = control("select");
    for (const [value, option] of options) {
      select.append(element("option", "", {value, textContent: option}));
    }
    const show = () => { select.value = String(model.get(name)); };
    select.addEventListener("change", () => {
      model.set(name, name === "cost" ? select.value : Number(select.value));
      model.save_changes();
    });
    show();
    model.on(`change:${name}`, show);
    const label = element("label", "nnhelpers-explorer-control");
    label.append(caption, select);
    box.append(label);
  }
  if (model.get("checkable")) {
    const button = control("button", {type: "button", textContent: "Check my sliders"});
    button.addEventListener("click", () => model.send("check"));
    const verdict = element("p", "nnhelpers-explorer-verdict");
    verdict.setAttribute("aria-live", "polite");
    const show = () => { verdict.textContent = model.get("verdict"); };
    show();
    model.on("change:verdict", show);
    box.append(button, verdict);
  }
  return box;
}

export default {
  render({model, el}) {
    const id = `nnhelpers-explorer-${++figures}`;
    const figure = element("div", "nnhelpers-explorer-figure");
    figure.setAttribute("role", "img");
    const readout = element("div", "nnhelpers-explorer-readout");
    figure.innerHTML = svg(model.get("scene"), id);
    const varying = figure.querySelector("g.varying");
    const drawFigure = () => { varying.innerHTML = varyingLayer(model.get("scene"), id); };
    const describe = () => figure.setAttribute("aria-label", model.get("description"));
    const showReadout = () => { readout.innerHTML = model.get("readout"); };
    describe();
    showReadout();
    model.on("change:scene", drawFigure);
    model.on("change:description", describe);
    model.on("change:readout", showReadout);
    const lower = element("div", "nnhelpers-explorer-lower");
    lower.append(menus(model), readout);
    el.append(figure, sliders(model), lower);
  },
};

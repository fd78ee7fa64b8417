// The explorer flip-book (explorer.md): swap the pre-rendered frame, its alt text and the readout
// when the z1 range input or the cost changes. The numbers come from nnhelpers at build time.
(function () {
  "use strict";
  function start() {
    var root = document.getElementById("explorer-flipbook");
    if (!root) { return; }
    var data = JSON.parse(document.getElementById("flipbook-data").textContent);
    var slider = document.getElementById("flipbook-z1");
    var value = document.getElementById("flipbook-z1-value");
    var image = document.getElementById("flipbook-frame");
    var radios = root.querySelectorAll('input[name="flipbook-cost"]');
    var cells = root.querySelectorAll(".flipbook-readout td");

    function signed(x, digits) { return (x < 0 ? "\u2212" : "+") + Math.abs(x).toFixed(digits); }

    function show() {
      var cost = root.querySelector('input[name="flipbook-cost"]:checked').value;
      var index = Number(slider.value);
      var frame = data.frames[data.costs.indexOf(cost) * data.z1.length + index];
      var z1 = signed(frame.z1, 1);
      value.textContent = z1;
      slider.setAttribute("aria-valuetext", "z\u2081 = " + z1);
      image.src = data.static + frame.file;
      image.alt = frame.alt;
      cells.forEach(function (cell) {
        var x = frame.readout[cell.dataset.act][cell.dataset.key];
        cell.textContent = cell.dataset.key === "rel_error" ? x.toExponential(0) : signed(x, 6);
      });
    }
    slider.addEventListener("input", show);
    radios.forEach(function (radio) { radio.addEventListener("change", show); });
    show();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

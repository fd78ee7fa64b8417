// The live explorer on the site (explorer.md): the numbers of the Jacobian explorer for any logits,
// output neuron j, target class and cost, computed in the page. It mirrors
// nnhelpers.widgets.explorer_numbers (tests/test_site.py compares the two on many inputs):
//   sigmoid  a_k = 1 / (1 + e^{-z_k}),          J[k][j] = a_j (1 - a_j) 1[k = j]
//   softmax  a_k = e^{z_k} / sum_i e^{z_i},      J[k][j] = a_k (1[k = j] - a_j)
//   terms of (37) for neuron j: dC/da_k * J[k][j]; their sum is delta_j.
(function () {
  "use strict";

  function sigmoid(z) {
    return z.map(function (x) {
      return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    });
  }
  function softmax(z) {
    var top = Math.max.apply(null, z);
    var e = z.map(function (x) { return Math.exp(x - top); });
    var total = e.reduce(function (s, x) { return s + x; }, 0);
    return e.map(function (x) { return x / total; });
  }
  var ACTIVATIONS = {
    sigmoid: {
      a: sigmoid,
      jacobian: function (a) {
        return a.map(function (_, k) {
          return a.map(function (aj, j) { return k === j ? aj * (1 - aj) : 0; });
        });
      }
    },
    softmax: {
      a: softmax,
      jacobian: function (a) {
        return a.map(function (ak, k) {
          return a.map(function (aj, j) { return ak * ((k === j ? 1 : 0) - aj); });
        });
      }
    }
  };
  var GRADIENTS = {  // dC/da_k for one example, as nnhelpers.costs
    quadratic: function (a, y) { return a.map(function (ak, k) { return ak - y[k]; }); },
    cross_entropy: function (a, y) {
      return a.map(function (ak, k) { return (ak - y[k]) / (ak * (1 - ak)); });
    },
    log_likelihood: function (a, y) {
      return a.map(function (ak, k) { return y[k] !== 0 ? -y[k] / ak : 0; });
    }
  };

  function state(z, j, target, cost) {
    var y = z.map(function (_, k) { return k === target ? 1 : 0; });
    var out = {};
    Object.keys(ACTIVATIONS).forEach(function (name) {
      var act = ACTIVATIONS[name];
      var a = act.a(z);
      var J = act.jacobian(a);
      var grad = GRADIENTS[cost](a, y);
      var terms = grad.map(function (g, k) { return g * J[k][j]; });
      out[name] = {
        a: a, J: J, grad_a: grad, terms: terms,
        delta_j: terms.reduce(function (s, t) { return s + t; }, 0),
        diagonal_only_j: terms[j]
      };
    });
    return out;
  }
  window.courseExplorer = { state: state };

  function signed(x) { return (x < 0 ? "\u2212" : "+") + Math.abs(x).toFixed(6); }

  function start() {
    var root = document.getElementById("live-explorer");
    if (!root) { return; }
    var sliders = root.querySelectorAll('input[type="range"]');
    var choose = function (name) { return root.querySelector('select[name="' + name + '"]'); };

    function show() {
      var z = Array.prototype.map.call(sliders, function (s) { return Number(s.value); });
      var j = Number(choose("j").value), target = Number(choose("target").value);
      var s = state(z, j, target, choose("cost").value);
      sliders.forEach(function (slider, k) {
        var text = (z[k] < 0 ? "\u2212" : "+") + Math.abs(z[k]).toFixed(1);
        root.querySelector('output[data-k="' + k + '"]').textContent = text;
        slider.setAttribute("aria-valuetext", "z" + (k + 1) + " = " + text);
      });
      root.querySelectorAll("td[data-act]").forEach(function (cell) {
        var v = s[cell.dataset.act];
        var k = cell.dataset.k === undefined ? null : Number(cell.dataset.k);
        var x = k === null ? v[cell.dataset.key] : v[cell.dataset.key][k];
        cell.textContent = signed(x);
        cell.classList.toggle("live-j", k === j && cell.dataset.key === "terms");
      });
      root.querySelectorAll(".live-j-label").forEach(function (el) { el.textContent = j + 1; });
    }
    sliders.forEach(function (s) { s.addEventListener("input", show); });
    root.querySelectorAll("select").forEach(function (s) { s.addEventListener("change", show); });
    show();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

"""A small reverse-mode automatic differentiation, in which the Σ_k of (37) is a `+=`.

`C.backward()` fills every Node's `grad` with ∂C/∂u = Σ_v ∂C/∂v · ∂v/∂u, one `+=` per consumer
v of u. For u = z_j and v = a_k this is (37): a sigmoid z_j has one consumer (one term, (38));
through softmax's normaliser S = Σ_i e^{z_i} every a_k is one, so n terms. One node per number
shows every term (an array engine hides the sum in Wᵀg) but is slow; `Network.backprop` is fast.

Used in notebooks: 09.
"""

import math

import numpy as np

from .activations import get_activation
from .costs import get_cost
from .validation import as_array, check_choice, check_columns


class Node:
    """One number: `value` (a float), `parents` ((node, local derivative ∂self/∂node) pairs,
    none for an input) and `grad` (∂C/∂self after `backward`, 0.0 before)."""

    def __init__(self, value, parents=()):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"a Node holds one real number, got {type(value).__name__}")
        if not math.isfinite(value):
            raise ValueError(f"a Node holds a finite number, got {value}")
        self.value = float(value)
        self.parents = tuple(parents)
        self.grad = 0.0

    def __repr__(self):
        return f"Node(value={self.value:.6g}, grad={self.grad:.6g})"

    def __add__(self, other):
        other = _node(other)
        return Node(self.value + other.value, ((self, 1.0), (other, 1.0)))

    __radd__ = __add__

    def __neg__(self):
        return Node(-self.value, ((self, -1.0),))

    def __sub__(self, other):
        return self + (-_node(other))

    def __rsub__(self, other):
        return _node(other) + (-self)

    def __mul__(self, other):
        other = _node(other)
        return Node(self.value * other.value, ((self, other.value), (other, self.value)))

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = _node(other)
        q = self.value / other.value  # ZeroDivisionError for 0
        return Node(q, ((self, 1.0 / other.value), (other, -q / other.value)))

    def __rtruediv__(self, other):
        return _node(other) / self

    def __pow__(self, p):
        """u**p for a number p (u > 0 unless p is an integer), local derivative p u^(p-1)."""
        if self.value <= 0.0 and not float(p).is_integer():
            raise ValueError(f"u**{p} needs u > 0 for a non-integer power, got u = {self.value}")
        return Node(self.value ** p, ((self, p * self.value ** (p - 1)),))

    def exp(self):
        """e^u, local derivative e^u. Raises OverflowError for u > 709.78 (e^u beyond float64)."""
        if self.value > math.log(np.finfo(np.float64).max):
            raise OverflowError(f"e^u overflows float64 for u = {self.value:.6g} > 709.78; "
                                "subtract the largest value first (as softmax here does)")
        e = math.exp(self.value)
        return Node(e, ((self, e),))

    def log(self):
        """ln u for u > 0, local derivative 1/u."""
        if self.value <= 0.0:
            raise ValueError(f"log needs a positive value, got {self.value:.6g}")
        return Node(math.log(self.value), ((self, 1.0 / self.value),))

    def sigmoid(self):
        """σ(u) = 1/(1 + e^{-u}) (computed without overflow), local derivative σ(u)(1 - σ(u))."""
        e = math.exp(-abs(self.value))
        s = 1.0 / (1.0 + e) if self.value >= 0 else e / (1.0 + e)
        return Node(s, ((self, s * (1.0 - s)),))

    def tanh(self):
        """tanh u, local derivative 1 - tanh² u."""
        t = math.tanh(self.value)
        return Node(t, ((self, 1.0 - t * t),))

    def backward(self):
        """Add ∂self/∂node to the `grad` of every node self was computed from (accumulating over
        calls); a node passes its grad on only once all its consumers have added theirs."""
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # iterative depth-first: each node after all of its parents
            v, parents_done = stack.pop()
            if parents_done:
                order.append(v)
            elif v not in seen:
                seen.add(v)
                stack.append((v, True))
                stack.extend((u, False) for u, _ in v.parents if u not in seen)
        self.grad = 1.0  # ∂C/∂C
        for v in reversed(order):
            for u, local in v.parents:
                u.grad += v.grad * local  # the chain rule: one term of Σ over u's consumers


def _node(x):
    return x if isinstance(x, Node) else Node(x)


def variables(x):
    """New input Nodes with the values of x, (n,) or (n, m): an object array of that shape.
    TypeError for non-numbers or complex x, ValueError for NaN, infinity or other shapes."""
    return np.vectorize(Node, otypes=[object])(as_array(x, "x", allow_complex=False))


def _check_nodes(nodes):
    if not (isinstance(nodes, np.ndarray) and all(isinstance(v, Node) for v in nodes.flat)):
        raise TypeError("expected a numpy array of Nodes, as made by variables(x)")
    return nodes


def values(nodes):
    """The float array of the nodes' values, same shape."""
    return np.vectorize(lambda v: v.value, otypes=[np.float64])(_check_nodes(nodes))


def grads(nodes):
    """The float array of the nodes' gradients ∂C/∂node (after `backward`), same shape."""
    return np.vectorize(lambda v: v.grad, otypes=[np.float64])(_check_nodes(nodes))


def sum_nodes(nodes):
    """Σ of an array of nodes: one node whose local derivative is 1 for each term (0 if none)."""
    nodes = _check_nodes(nodes)
    return Node(sum(v.value for v in nodes.flat), tuple((v, 1.0) for v in nodes.flat))


def _elementwise(method):
    return lambda z: np.vectorize(method, otypes=[object])(_check_nodes(z))


def softmax(z):
    """a_k = e^{z_k} / S, S = Σ_i e^{z_i}, per column of an (n,) or (n, m) node array, from exp,
    one sum node S per column and divisions (autodiff finds the Jacobian a_k (1[k = j] - a_j)
    itself). The column's largest value is subtracted first (a constant)."""
    e = _elementwise(Node.exp)(z - values(z).max(axis=0))
    S = np.array([sum_nodes(column) for column in e.reshape(len(e), -1).T])  # one per column
    return e / S


ACTIVATIONS = {"sigmoid": _elementwise(Node.sigmoid), "tanh": _elementwise(Node.tanh),
               "identity": _elementwise(lambda v: v), "softmax": softmax}


def mean_cost(a, y, name):
    """C = the mean over the m columns of C_x(a, y), as one Node (the costs of nnhelpers.costs).

    a : (n,) or (n, m) array of nodes; y : float array of the same shape
    name : "quadratic", "cross_entropy" or "log_likelihood" (or the Cost)
    Raises ValueError for another name, different shapes, or a and y outside the cost's domain,
    TypeError when `a` is not an array of Nodes."""
    cost = get_cost(name)
    cost.per_example(values(a), y)  # the checks of nnhelpers.costs: shapes, targets, a's range
    y = np.asarray(y, dtype=np.float64)
    if cost.name == "quadratic":  # ½ Σ_j (a_j - y_j)²
        terms = 0.5 * (a - y) * (a - y)
    else:  # -Σ_j y_j ln a_j, and for cross-entropy -Σ_j (1 - y_j) ln(1 - a_j); 0 ln 0 = 0
        log = _elementwise(Node.log)
        terms = -y[y != 0] * log(a[y != 0])
        if cost.name == "cross_entropy":
            terms = np.concatenate([terms, -(1.0 - y[y != 1]) * log(1.0 - a[y != 1])])
    return sum_nodes(terms) / (1 if a.ndim == 1 else a.shape[1])


def _activation(activation):
    return ACTIVATIONS[check_choice(get_activation(activation).name, ACTIVATIONS, "activation")]


def output_error_by_autodiff(z, y, activation, cost):
    """δ^L = ∂C_x/∂z^L by reverse-mode autodiff: build C(a(z)) from nodes, call backward.

    z, y : (n,) or (n, m) float arrays, one example per column; returns δ shaped like z, as
    bp1.output_error (37) gives it. activation : "sigmoid", "tanh", "identity" or "softmax" (or
    the Activation); cost : as in mean_cost. Raises ValueError for a name it does not know, or y
    not shaped like z."""
    act = _activation(activation)
    zs = variables(as_array(z, "z", allow_complex=False))
    mean_cost(act(zs), y, cost).backward()
    return grads(zs) * (1 if zs.ndim == 1 else zs.shape[1])  # C is the mean over m columns


def network_gradients(net, X, Y):
    """(nabla_b, nabla_w) of a Network's mean cost over the columns of X (n_1, m) and Y
    (n_L, m), by autodiff, shaped like net.biases and net.weights (as Network.backprop).
    Raises ValueError for X or Y of the wrong shape, or an activation this module lacks (relu)."""
    ws, bs = [variables(w) for w in net.weights], [variables(b) for b in net.biases]
    a = variables(check_columns(X, net.sizes[0], "X"))  # inputs are nodes too; Y: mean_cost checks
    for i, (w, b) in enumerate(zip(ws, bs, strict=True)):
        act = _activation(net.output_activation if i == len(ws) - 1 else net.activation)
        # z^l = w^l a^{l-1} + b^l; numpy repeats b's (n, 1) column for the m examples, so each
        # b_j has m consumers and backward sums their shares: the Σ_x of BP3, by the same +=
        a = act(w @ a + b)
    mean_cost(a, Y, net.cost).backward()
    return [grads(b) for b in bs], [grads(w) for w in ws]

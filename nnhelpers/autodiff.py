"""A small reverse-mode automatic differentiation, in which the Σ_k of (37) is a `+=`.

Every number is a `Node` that remembers the nodes it was computed from and the local derivative
with respect to each, written beside the forward formula. `C.backward()` then fills every
node's `grad` with ∂C/∂(node) by the chain rule, one `+=` per consumer v of u:
∂C/∂u = Σ_v ∂C/∂v · ∂v/∂u. For u = z_j and v = a_k this is (37): a sigmoid z_j has one consumer
(one term, (38)); through softmax's normaliser S = Σ_i e^{z_i} every a_k is one, so n terms.

One node per number keeps every term visible (an array engine hides the sum in Wᵀg); it is slow,
for small layers and networks: `Network.backprop` is the fast version. Arrays of nodes are numpy
object arrays in Nielsen's shapes, one example per column (`variables`, `values`, `grads`).

Used in notebooks: 09.
"""

import math

import numpy as np

from .activations import get_activation
from .costs import get_cost
from .validation import as_array, check_choice, same_shape


class Node:
    """One number: `value` (a float), `parents` ((node, local derivative ∂self/∂node) pairs,
    none for an input) and `grad` (∂C/∂self after `backward`, 0.0 before)."""

    def __init__(self, value, parents=()):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer,
                                                             np.floating)):
            raise TypeError(f"a Node holds one real number, got {type(value).__name__}")
        if not math.isfinite(value):
            raise ValueError(f"a Node holds a finite number, got {value}")
        self.value = float(value)
        self.parents = tuple(parents)
        self.grad = 0.0

    def __repr__(self):
        return f"Node(value={self.value:.6g}, grad={self.grad:.6g})"

    # --- operations: forward value and local derivatives side by side ---

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
        if other.value == 0.0:
            raise ZeroDivisionError("division by a Node whose value is 0")
        q = self.value / other.value
        return Node(q, ((self, 1.0 / other.value), (other, -q / other.value)))

    def __rtruediv__(self, other):
        return _node(other) / self

    def __pow__(self, p):
        """u**p for a number p (u > 0 unless p is an integer), local derivative p u^(p-1)."""
        if isinstance(p, Node) or isinstance(p, bool) or not isinstance(p, (int, float)):
            raise TypeError(f"the exponent must be a number, got {type(p).__name__}")
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

    # --- the backward pass ---

    def backward(self):
        """Fill `grad` of every node this one was computed from with ∂self/∂node.

        In reverse topological order, a node passes its gradient on only after every consumer
        has added its share (the Σ_k of (37) is complete). Gradients accumulate: `zero_grad`.
        """
        order = _topological_order(self)
        self.grad = 1.0  # ∂C/∂C
        for v in reversed(order):
            for u, local in v.parents:
                u.grad += v.grad * local  # the chain rule: one term of Σ over u's consumers

    def zero_grad(self):
        """Set `grad` = 0 on this node and every node it was computed from."""
        for v in _topological_order(self):
            v.grad = 0.0


def _node(x):
    return x if isinstance(x, Node) else Node(x)


def _topological_order(root):
    """Every node `root` depends on, each after all of its parents (iterative depth-first)."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        v, parents_done = stack.pop()
        if parents_done:
            order.append(v)
        elif id(v) not in seen:
            seen.add(id(v))
            stack.append((v, True))
            stack.extend((u, False) for u, _ in v.parents if id(u) not in seen)
    return order


# --- arrays of nodes (numpy object arrays in Nielsen's shapes) ---

def variables(x):
    """New input Nodes with the values of x, (n,) or (n, m): an object array of that shape.
    TypeError for non-numbers or complex x, ValueError for NaN, infinity or other shapes."""
    x = as_array(x, "x", allow_complex=False)
    return np.vectorize(Node, otypes=[object])(x)


def _check_nodes(nodes):
    if not (isinstance(nodes, np.ndarray) and nodes.dtype == object and nodes.size
            and all(isinstance(v, Node) for v in nodes.flat)):
        raise TypeError("expected a non-empty numpy array of Nodes, as made by variables(x)")
    return nodes


def values(nodes):
    """The float array of the nodes' values, same shape."""
    return np.vectorize(lambda v: v.value, otypes=[np.float64])(_check_nodes(nodes))


def grads(nodes):
    """The float array of the nodes' gradients ∂C/∂node (after `backward`), same shape."""
    return np.vectorize(lambda v: v.grad, otypes=[np.float64])(_check_nodes(nodes))


def sum_nodes(nodes):
    """Σ of an array of nodes: one node whose local derivative is 1 for each term."""
    nodes = _check_nodes(nodes)
    return Node(sum(v.value for v in nodes.flat), tuple((v, 1.0) for v in nodes.flat))


def matrix_product(w, a):
    """w a for (p, n) numbers (or nodes) w and an (n, m) array of nodes a: (p, m) nodes.

    Entry (j, x) is Σ_k w[j, k] a[k, x], the z^l = w^l a^{l-1} + b^l of chapter 2 without b.
    Raises ValueError when the shapes do not fit, TypeError when `a` is not an array of Nodes.
    """
    w = np.asarray(w, dtype=object)
    a = _check_nodes(a)
    if w.ndim != 2 or a.ndim != 2 or w.shape[1] != a.shape[0]:
        raise ValueError(f"matrix_product needs w of shape (p, n) and a of shape (n, m), got "
                         f"{w.shape} and {a.shape}")
    out = np.empty((w.shape[0], a.shape[1]), dtype=object)
    for j, x in np.ndindex(out.shape):
        out[j, x] = sum_nodes(w[j] * a[:, x])
    return out


def softmax(z):
    """a_k = e^{z_k} / S with S = Σ_i e^{z_i}, per column of an (n,) or (n, m) node array.

    Built from exp, a sum and divisions, so autodiff finds the Jacobian a_k (1[k = j] - a_j)
    itself. The column's largest value is subtracted first (a constant: no a_k or derivative
    changes).
    """
    columns = _check_nodes(z).reshape(z.shape[0], -1)
    out = np.empty(columns.shape, dtype=object)
    for x in range(columns.shape[1]):
        shift = max(v.value for v in columns[:, x])
        e = np.array([(v - shift).exp() for v in columns[:, x]])
        out[:, x] = e / sum_nodes(e)
    return out.reshape(z.shape)


def _elementwise(method):
    return lambda z: np.vectorize(method, otypes=[object])(_check_nodes(z))


ACTIVATIONS = {"sigmoid": _elementwise(Node.sigmoid), "tanh": _elementwise(Node.tanh),
               "identity": _elementwise(lambda v: v), "softmax": softmax}


def _per_example(a, y, name):
    """C_x of one example: a is an (n,) array of nodes, y an (n,) float array."""
    pairs = [(a_j, float(y_j)) for a_j, y_j in zip(a, y, strict=True)]  # floats defer to Node
    if name == "quadratic":  # ½ Σ_j (a_j - y_j)²
        return 0.5 * sum_nodes(np.array([(a_j - y_j) * (a_j - y_j) for a_j, y_j in pairs]))
    if name == "cross_entropy":  # -Σ_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)], 0 ln 0 = 0
        terms = [y_j * a_j.log() for a_j, y_j in pairs if y_j != 0]
        terms += [(1.0 - y_j) * (1.0 - a_j).log() for a_j, y_j in pairs if y_j != 1]
        return -sum_nodes(np.array(terms))
    # log_likelihood: -Σ_j y_j ln a_j, y a probability vector (-ln a_y for one-hot y)
    return -sum_nodes(np.array([y_j * a_j.log() for a_j, y_j in pairs if y_j]))


def mean_cost(a, y, name):
    """C = the mean over the m columns of C_x(a, y), as one Node (the costs of nnhelpers.costs).

    a : (n,) or (n, m) array of nodes; y : float array of the same shape
    name : "quadratic", "cross_entropy" or "log_likelihood" (or the Cost)
    Raises ValueError for another name, different shapes, or a and y outside the cost's domain;
    TypeError when `a` is not an array of Nodes.
    """
    a = _check_nodes(a)
    cost = get_cost(name)
    y = as_array(y, "y", allow_complex=False)
    same_shape(a, y, "a", "y")
    cost.per_example(values(a), y)  # the domain checks of nnhelpers.costs (targets, a's range)
    a2, y2 = a.reshape(a.shape[0], -1), y.reshape(y.shape[0], -1)
    m = a2.shape[1]
    return sum_nodes(np.array([_per_example(a2[:, x], y2[:, x], cost.name)
                               for x in range(m)])) / m


def _activation(activation):
    return ACTIVATIONS[check_choice(get_activation(activation).name, ACTIVATIONS, "activation")]


def output_error_by_autodiff(z, y, activation, cost):
    """δ^L = ∂C_x/∂z^L by reverse-mode autodiff: build C(a(z)) from nodes, call backward.

    z, y : (n,) or (n, m) float arrays, one example per column; returns δ shaped like z, each
    column that example's ∂C_x/∂z, as bp1.output_error (37) gives it.
    activation : "sigmoid", "tanh", "identity" or "softmax" (or the Activation)
    cost       : "quadratic", "cross_entropy" or "log_likelihood" (or the Cost)
    Raises ValueError for a name it does not know.
    """
    act = _activation(activation)
    z = as_array(z, "z", allow_complex=False)
    y = as_array(y, "y", allow_complex=False)
    same_shape(z, y, "z", "y")
    zs = variables(z)
    mean_cost(act(zs), y, cost).backward()
    m = 1 if z.ndim == 1 else z.shape[1]
    return grads(zs) * m  # C is the mean over m columns; δ is per example


def network_gradients(net, X, Y):
    """(nabla_b, nabla_w) of a Network's mean cost over the columns of X (n_1, m) and Y
    (n_L, m), by autodiff, shaped like net.biases and net.weights (as Network.backprop).
    Raises ValueError for X or Y of the wrong shape, or an activation this module lacks (relu).
    """
    X = as_array(X, "X", ndims=(2,), allow_complex=False)
    Y = as_array(Y, "Y", ndims=(2,), allow_complex=False)
    if X.shape[0] != net.sizes[0] or Y.shape != (net.sizes[-1], X.shape[1]):
        raise ValueError(f"X must be ({net.sizes[0]}, m) and Y ({net.sizes[-1]}, m) with the "
                         f"same m, got {X.shape} and {Y.shape}")
    ws = [variables(w) for w in net.weights]
    bs = [variables(b) for b in net.biases]
    a = variables(X)  # inputs are nodes too (their gradients are simply not used)
    for i, (w, b) in enumerate(zip(ws, bs, strict=True)):
        act = _activation(net.output_activation if i == len(ws) - 1 else net.activation)
        # z^l = w^l a^{l-1} + b^l; numpy repeats b's (n, 1) column for the m examples, so each
        # b_j has m consumers and backward sums their shares: the Σ_x of BP3, by the same +=
        a = act(matrix_product(w, a) + b)
    mean_cost(a, Y, net.cost).backward()
    return [grads(b) for b in bs], [grads(w) for w in ws]

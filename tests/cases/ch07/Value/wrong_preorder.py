"""Orders the values depth first but appends each before its parents (preorder): not a topological order when a value is shared at different depths."""
# loses: test_Value_order, test_Value_against_torch
# diagnosis: Here `shared` feeds three operations
class Value:
    """A scalar that remembers how it was computed, so that ``backward()`` can find every gradient.

    Parameters
    ----------
    data : float
        The number this Value holds.

    Attributes
    ----------
    data : float
        The number (a Python float, or a NumPy float64 if you compute with NumPy).
    grad : float
        d(output)/d(this value), added up over the ``output.backward()`` calls; 0.0 until the first.

    Supports ``+ - * /`` between Values and with plain numbers on either side (``2 * v``, ``1 - v``,
    ``1 / v``), ``v ** n`` for an int or float exponent ``n``, unary ``-v``, and the methods ``tanh()``,
    ``relu()`` (with relu'(0) = 0), ``exp()`` and ``backward()``. Every operation returns a new Value and
    leaves its operands as they were. ``backward()``, called on a final result, adds d(result)/d(v) to the
    ``grad`` of every value ``v`` the result was computed from, correctly when a value is used several times;
    called again on the same result, it adds the same gradients to the leaves again.
    """
    def __init__(self, data, _parents=()):
        self.data = float(data)
        self.grad = 0.0
        self._parents = _parents
        self._propagate = lambda: None  # a leaf has nothing to pass on

    @staticmethod
    def _lift(other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = Value._lift(other)
        out = Value(self.data + other.data, (self, other))

        def propagate():
            self.grad += out.grad
            other.grad += out.grad
        out._propagate = propagate
        return out

    def __mul__(self, other):
        other = Value._lift(other)
        out = Value(self.data * other.data, (self, other))

        def propagate():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._propagate = propagate
        return out

    def __truediv__(self, other):
        other = Value._lift(other)
        out = Value(self.data / other.data, (self, other))

        def propagate():
            self.grad += out.grad / other.data
            other.grad -= out.grad * self.data / other.data ** 2
        out._propagate = propagate
        return out

    def __pow__(self, exponent):
        out = Value(self.data ** exponent, (self,))

        def propagate():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad
        out._propagate = propagate
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-Value._lift(other))

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return Value._lift(other) - self

    def __rtruediv__(self, other):
        return Value._lift(other) / self

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,))

        def propagate():
            self.grad += (1.0 - t * t) * out.grad
        out._propagate = propagate
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,))

        def propagate():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
        out._propagate = propagate
        return out

    def exp(self):
        e = math.exp(self.data)
        out = Value(e, (self,))

        def propagate():
            self.grad += e * out.grad
        out._propagate = propagate
        return out

    def backward(self):
        # the walk-through's walk(): a stack-based preorder, output first, each value once
        seen, stack, order = set(), [self], []
        while stack:
            v = stack.pop()
            if id(v) not in seen:
                seen.add(id(v)); order.append(v); stack.extend(v._parents)
        for v in order:
            if v._parents: v.grad = 0.0
        self.grad += 1.0
        for v in order:
            v._propagate()

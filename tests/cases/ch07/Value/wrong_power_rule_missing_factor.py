"""Differentiates a ** n as a ** (n - 1), without the factor n."""
# loses: test_Value_rules, test_Value_order, test_Value_accumulation, test_Value_against_torch
# diagnosis: power rule lost its factor
class Value:
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
            self.grad += self.data ** (exponent - 1) * out.grad
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
        # Depth-first, a value joins the order after everything it was computed from: reversed, every
        # value comes before the values it was computed from, so its gradient is complete when it runs.
        order, seen = [], set()

        def visit(value):
            if id(value) not in seen:
                seen.add(id(value))
                for parent in value._parents:
                    visit(parent)
                order.append(value)
        visit(self)
        for value in order:
            if value._parents:
                value.grad = 0.0  # this call passes on its own gradients; the leaves keep adding up
        self.grad = 1.0
        for value in reversed(order):
            value._propagate()

"""Zeroes every reachable gradient, the leaves' included, before propagating: a second backward() replaces instead of adding up."""
# loses: test_Value_accumulation
# diagnosis: replaced the leaves' gradients instead of adding to them
class Value:
    def __init__(self, data, parents=(), grads_of_parents=None):
        self.data = np.float64(data)
        self.grad = 0.0
        self.parents = parents
        # The local derivative with respect to each parent, computed during the forward pass.
        self.local = grads_of_parents or ()

    @staticmethod
    def _as_value(x):
        return x if isinstance(x, Value) else Value(x)

    def __add__(self, other):
        other = Value._as_value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __sub__(self, other):
        other = Value._as_value(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0))

    def __mul__(self, other):
        other = Value._as_value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __truediv__(self, other):
        other = Value._as_value(other)
        return Value(self.data / other.data, (self, other), (1.0 / other.data, -self.data / other.data ** 2))

    def __pow__(self, n):
        return Value(self.data ** n, (self,), (n * self.data ** (n - 1),))

    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,))

    def __radd__(self, other):
        return Value._as_value(other) + self

    def __rsub__(self, other):
        return Value._as_value(other) - self

    def __rmul__(self, other):
        return Value._as_value(other) * self

    def __rtruediv__(self, other):
        return Value._as_value(other) / self

    def tanh(self):
        t = np.tanh(self.data)
        return Value(t, (self,), (1.0 - t ** 2,))

    def relu(self):
        return Value(np.maximum(self.data, 0.0), (self,), (np.float64(self.data > 0),))

    def exp(self):
        e = np.exp(self.data)
        return Value(e, (self,), (e,))

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if v not in seen:
                seen.add(v)
                for p in v.parents:
                    visit(p)
                order.append(v)

        visit(self)
        for v in order:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):
            for p, d in zip(v.parents, v.local):
                p.grad += d * v.grad

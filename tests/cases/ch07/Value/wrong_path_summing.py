"""Pushes each contribution down every path to the leaves at once, without an order: right numbers, exponential time."""
# loses: test_Value_order
# diagnosis: and was stopped
class Value:
    def __init__(self, data, _parents=()):
        self.data = float(data)
        self.grad = 0.0
        self._parents = _parents
        self._local = ()  # d(self)/d(parent) for each parent, computed in the forward pass

    @staticmethod
    def _of(o):
        return o if isinstance(o, Value) else Value(o)

    def _make(self, data, parents, local):
        out = Value(data, parents)
        out._local = local
        return out

    def __add__(self, o):
        o = Value._of(o)
        return self._make(self.data + o.data, (self, o), (1.0, 1.0))

    def __mul__(self, o):
        o = Value._of(o)
        return self._make(self.data * o.data, (self, o), (o.data, self.data))

    def __truediv__(self, o):
        o = Value._of(o)
        return self._make(self.data / o.data, (self, o), (1 / o.data, -self.data / o.data ** 2))

    def __pow__(self, n):
        return self._make(self.data ** n, (self,), (n * self.data ** (n - 1),))

    def __neg__(self): return self * -1.0
    def __sub__(self, o): return self + (-Value._of(o))
    def __radd__(self, o): return self + o
    def __rmul__(self, o): return self * o
    def __rsub__(self, o): return Value._of(o) - self
    def __rtruediv__(self, o): return Value._of(o) / self

    def tanh(self):
        t = math.tanh(self.data)
        return self._make(t, (self,), (1 - t * t,))

    def relu(self):
        return self._make(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))

    def exp(self):
        e = math.exp(self.data)
        return self._make(e, (self,), (e,))

    def _receive(self, contribution):
        # The chain rule as a sum over paths: every contribution travels on to the leaves at once.
        self.grad += contribution
        for parent, local in zip(self._parents, self._local):
            parent._receive(contribution * local)

    def backward(self):
        self._receive(1.0)

"""Wraps a float64 torch tensor in every Value and lets PyTorch's autograd do backward."""
# diagnosis: not from PyTorch's autograd
class Value:
    def __init__(self, data, _t=None):
        if _t is None:
            _t = torch.tensor(float(data), dtype=torch.float64, requires_grad=True)
        else:
            _t.retain_grad()
        self._t = _t

    @property
    def data(self):
        return self._t.item()

    @property
    def grad(self):
        return 0.0 if self._t.grad is None else self._t.grad.item()

    @staticmethod
    def _w(o):
        return o._t if isinstance(o, Value) else o

    def __add__(self, o): return Value(None, self._t + Value._w(o))
    def __radd__(self, o): return Value(None, Value._w(o) + self._t)
    def __sub__(self, o): return Value(None, self._t - Value._w(o))
    def __rsub__(self, o): return Value(None, Value._w(o) - self._t)
    def __mul__(self, o): return Value(None, self._t * Value._w(o))
    def __rmul__(self, o): return Value(None, Value._w(o) * self._t)
    def __truediv__(self, o): return Value(None, self._t / Value._w(o))
    def __rtruediv__(self, o): return Value(None, Value._w(o) / self._t)
    def __pow__(self, n): return Value(None, self._t ** n)
    def __neg__(self): return Value(None, -self._t)
    def tanh(self): return Value(None, self._t.tanh())
    def relu(self): return Value(None, self._t.relu())
    def exp(self): return Value(None, self._t.exp())
    def backward(self):
        self._t.backward()

"""Keeps a float64 tensor in every Value and finds all gradients with torch.autograd.grad, imported under its own name."""
# diagnosis: not from PyTorch's autograd
from torch.autograd import grad


class Value:
    def __init__(self, data, _tensor=None):
        self._t = torch.tensor(float(data), dtype=torch.float64, requires_grad=True) if _tensor is None else _tensor
        self._data = self._t.item()
        self.grad = 0.0
        self._parents = ()

    @property
    def data(self):
        return self._data

    @staticmethod
    def _of(other):
        return other if isinstance(other, Value) else Value(other)

    def _make(self, tensor, *parents):
        out = Value(None, tensor)
        out._parents = parents
        return out

    def __add__(self, o): o = Value._of(o); return self._make(self._t + o._t, self, o)
    def __radd__(self, o): return Value._of(o) + self
    def __sub__(self, o): o = Value._of(o); return self._make(self._t - o._t, self, o)
    def __rsub__(self, o): return Value._of(o) - self
    def __mul__(self, o): o = Value._of(o); return self._make(self._t * o._t, self, o)
    def __rmul__(self, o): return Value._of(o) * self
    def __truediv__(self, o): o = Value._of(o); return self._make(self._t / o._t, self, o)
    def __rtruediv__(self, o): return Value._of(o) / self
    def __pow__(self, n): return self._make(self._t ** n, self)
    def __neg__(self): return self._make(-self._t, self)
    def tanh(self): return self._make(torch.tanh(self._t), self)
    def relu(self): return self._make(torch.relu(self._t), self)
    def exp(self): return self._make(torch.exp(self._t), self)

    def backward(self):
        nodes, seen, stack = [], set(), [self]
        while stack:
            v = stack.pop()
            if id(v) not in seen:
                seen.add(id(v))
                nodes.append(v)
                stack.extend(v._parents)
        grads = grad(self._t, [v._t for v in nodes], allow_unused=True, retain_graph=True)
        for v, g in zip(nodes, grads):
            v.grad = 0.0 if g is None else g.item()

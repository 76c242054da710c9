"""Estimates each local derivative by the complex-step method: Im f(x + ih) / h with h = 1e-30, exact to rounding."""
# diagnosis: complex-step method
import cmath


class Value:
    H = 1e-30

    def __init__(self, data, parents=(), fn=None):
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.fn = fn  # the operation, as a function of the parents' data; it accepts complex numbers

    @staticmethod
    def _of(o):
        return o if isinstance(o, Value) else Value(o)

    def _op(self, others, fn):
        parents = (self,) + tuple(Value._of(o) for o in others)
        return Value(fn(*(p.data for p in parents)).real, parents, fn)

    def __add__(self, o): return self._op((o,), lambda a, b: a + b)
    def __radd__(self, o): return self._op((o,), lambda a, b: b + a)
    def __sub__(self, o): return self._op((o,), lambda a, b: a - b)
    def __rsub__(self, o): return self._op((o,), lambda a, b: b - a)
    def __mul__(self, o): return self._op((o,), lambda a, b: a * b)
    def __rmul__(self, o): return self._op((o,), lambda a, b: b * a)
    def __truediv__(self, o): return self._op((o,), lambda a, b: a / b)
    def __rtruediv__(self, o): return self._op((o,), lambda a, b: b / a)
    def __pow__(self, n): return self._op((), lambda a: a ** n)
    def __neg__(self): return self._op((), lambda a: -a)
    def tanh(self): return self._op((), lambda a: cmath.tanh(a))
    def relu(self): return self._op((), lambda a: a if a.real > 0 else 0 * a)
    def exp(self): return self._op((), lambda a: cmath.exp(a))

    def local_derivatives(self):
        data = [p.data for p in self.parents]
        return [self.fn(*(d + self.H * 1j if j == i else d for j, d in enumerate(data))).imag / self.H
                for i in range(len(data))]

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for p in v.parents:
                    visit(p)
                order.append(v)
        visit(self)
        for v in order:
            if v.parents:
                v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):
            if v.fn is not None:
                for p, d in zip(v.parents, v.local_derivatives()):
                    p.grad += d * v.grad

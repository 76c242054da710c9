"""Records how each value is computed and estimates every gradient by finite differences (one-sided at a kink)."""
# loses: test_Value_rules, test_Value_order, test_Value_accumulation, test_Value_against_torch
# diagnosis: looks like a finite-difference estimate
class Value:
    def __init__(self, data, parents=(), fn=None):
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.fn = fn

    @staticmethod
    def _v(o):
        return o if isinstance(o, Value) else Value(o)

    def _op(self, others, fn):
        ps = (self,) + tuple(Value._v(o) for o in others)
        return Value(fn(*(p.data for p in ps)), ps, fn)

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
    def tanh(self): return self._op((), math.tanh)
    def relu(self): return self._op((), lambda a: a if a > 0 else 0.0)
    def exp(self): return self._op((), math.exp)

    def backward(self):
        order, seen = [], set()
        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for p in v.parents:
                    visit(p)
                order.append(v)
        visit(self)
        def evaluate(target, shift):
            vals = {}
            for v in order:
                x = v.data if v.fn is None else v.fn(*(vals[id(p)] for p in v.parents))
                vals[id(v)] = x + shift if v is target else x
            return vals[id(self)]
        for v in order:
            h = 1e-6 * max(1.0, abs(v.data))
            left = (evaluate(v, 0.0) - evaluate(v, -h)) / h
            right = (evaluate(v, h) - evaluate(v, 0.0)) / h
            v.grad = left if abs(left - right) > 0.1 else (evaluate(v, h) - evaluate(v, -h)) / (2 * h)
        self.grad = 1.0

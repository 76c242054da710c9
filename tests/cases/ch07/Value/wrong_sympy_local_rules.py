"""Lets sympy differentiate each operation's formula instead of writing the local rules."""
# diagnosis: differentiates for you
# loses: test_Value_rules, test_Value_order, test_Value_accumulation, test_Value_against_torch
class Value:
    def __init__(self, data, parents=(), op="leaf", extra=None):
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.op = op
        self.extra = extra

    def _wrap(self, other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = self._wrap(other)
        return Value(self.data + other.data, (self, other), "add")

    def __sub__(self, other):
        other = self._wrap(other)
        return Value(self.data - other.data, (self, other), "sub")

    def __mul__(self, other):
        other = self._wrap(other)
        return Value(self.data * other.data, (self, other), "mul")

    def __truediv__(self, other):
        other = self._wrap(other)
        return Value(self.data / other.data, (self, other), "div")

    def __pow__(self, n):
        return Value(self.data ** n, (self,), "pow", n)

    def __neg__(self):
        return Value(-self.data, (self,), "neg")

    def __radd__(self, other):
        return self._wrap(other) + self

    def __rsub__(self, other):
        return self._wrap(other) - self

    def __rmul__(self, other):
        return self._wrap(other) * self

    def __rtruediv__(self, other):
        return self._wrap(other) / self

    def tanh(self):
        return Value(math.tanh(self.data), (self,), "tanh")

    def relu(self):
        return Value(max(self.data, 0.0), (self,), "relu")

    def exp(self):
        return Value(math.exp(self.data), (self,), "exp")

    def local_derivatives(self):
        """d(self)/d(parent) for each parent: sympy differentiates the operation's formula."""
        import sympy
        p = self.parents
        u, v = sympy.symbols("u v")
        formulas = {"add": u + v, "sub": u - v, "mul": u * v, "div": u / v, "neg": -u, "tanh": sympy.tanh(u),
                    "exp": sympy.exp(u), "relu": sympy.Max(u, 0)}
        if self.op == "leaf":
            return ()
        formula = u ** self.extra if self.op == "pow" else formulas[self.op]
        at = {u: p[0].data, v: p[1].data if len(p) > 1 else 0.0}
        if self.op == "relu":
            return (1.0 if p[0].data > 0 else 0.0,)
        return tuple(float(sympy.diff(formula, s).subs(at)) for s in (u, v)[:len(p)])

    def backward(self):
        # Count, for every reachable value, how many operations use it.
        users = {id(self): 0}
        stack, reachable = [self], {id(self): self}
        while stack:
            value = stack.pop()
            for parent in value.parents:
                users[id(parent)] = users.get(id(parent), 0) + 1
                if id(parent) not in reachable:
                    reachable[id(parent)] = parent
                    stack.append(parent)
        # Only this call's gradients flow down; the leaves keep what earlier calls added.
        for value in reachable.values():
            if value.parents:
                value.grad = 0.0
        # A value is ready once every user has passed its share back.
        self.grad += 1.0
        ready = [self]
        while ready:
            value = ready.pop()
            for parent, local in zip(value.parents, value.local_derivatives()):
                parent.grad += local * value.grad
                users[id(parent)] -= 1
                if users[id(parent)] == 0:
                    ready.append(parent)

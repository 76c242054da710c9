"""Writes the local rules in other exact forms (tanh' = 1/cosh^2, d(a/b)/db = -(a/b)/b) and recurses over the graph."""
class Value:
    def __init__(self, data, inputs=(), rules=()):
        self.data = data
        self.grad = 0.0
        self.inputs = inputs
        self.rules = rules  # for each input: a function of this value's gradient

    @staticmethod
    def of(x):
        return x if isinstance(x, Value) else Value(float(x))

    def __add__(self, other):
        other = Value.of(other)
        return Value(self.data + other.data, (self, other), (lambda g: g, lambda g: g))

    __radd__ = __add__

    def __mul__(self, other):
        other = Value.of(other)
        return Value(self.data * other.data, (self, other), (lambda g: g * other.data, lambda g: g * self.data))

    __rmul__ = __mul__

    def __neg__(self):
        return Value(-self.data, (self,), (lambda g: -g,))

    def __sub__(self, other):
        other = Value.of(other)
        return Value(self.data - other.data, (self, other), (lambda g: g, lambda g: -g))

    def __rsub__(self, other):
        return Value.of(other) - self

    def __truediv__(self, other):
        other = Value.of(other)
        quotient = self.data / other.data
        return Value(quotient, (self, other), (lambda g: g / other.data, lambda g: -g * quotient / other.data))

    def __rtruediv__(self, other):
        return Value.of(other) / self

    def __pow__(self, n):
        return Value(self.data ** n, (self,), (lambda g: g * n * self.data ** (n - 1),))

    def tanh(self):
        e = math.exp(2 * self.data)
        return Value((e - 1) / (e + 1), (self,), (lambda g: g / math.cosh(self.data) ** 2,))

    def relu(self):
        return Value(max(0.0, self.data), (self,), (lambda g: g if self.data > 0 else 0.0,))

    def exp(self):
        return Value(math.exp(self.data), (self,), (lambda g: g * math.exp(self.data),))

    def backward(self):
        topo, visited = [], set()

        def build(v):
            if v in visited:
                return
            visited.add(v)
            for child in v.inputs:
                build(child)
            topo.append(v)

        build(self)
        for v in topo:
            if v.inputs:
                v.grad = 0.0
        self.grad = 1.0
        for v in topo[::-1]:
            for child, rule in zip(v.inputs, v.rules):
                child.grad += rule(v.grad)

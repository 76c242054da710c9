"""Builds -, /, negation and the reflected forms out of +, * and **, and orders the values with an explicit stack."""
class Value:
    def __init__(self, data, _children=(), _rule=None):
        self.data = data
        self.grad = 0.0
        self._children = tuple(_children)
        self._rule = _rule

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))
        def rule():
            self.grad += out.grad
            other.grad += out.grad
        out._rule = rule
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))
        def rule():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._rule = rule
        return out

    def __pow__(self, k):
        out = Value(self.data ** k, (self,))
        def rule():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._rule = rule
        return out

    def tanh(self):
        out = Value(np.tanh(self.data), (self,))
        def rule():
            self.grad += (1 - out.data ** 2) * out.grad
        out._rule = rule
        return out

    def relu(self):
        out = Value(0 if self.data < 0 else self.data, (self,))
        def rule():
            self.grad += (out.data > 0) * out.grad
        out._rule = rule
        return out

    def exp(self):
        out = Value(np.exp(self.data), (self,))
        def rule():
            self.grad += out.data * out.grad
        out._rule = rule
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        return self * other ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return other + (-self)

    def __rtruediv__(self, other):
        return other * self ** -1

    def backward(self):
        order, done, stack = [], set(), [(self, False)]
        while stack:
            value, expanded = stack.pop()
            if expanded:
                order.append(value)
            elif id(value) not in done:
                done.add(id(value))
                stack.append((value, True))
                stack.extend((child, False) for child in value._children if id(child) not in done)
        for value in order:
            if value._children:
                value.grad = 0.0
        self.grad = 1.0
        for value in reversed(order):
            if value._rule is not None:
                value._rule()

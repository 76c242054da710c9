"""Computes this call's gradients in a dictionary (Kahn's counting) and adds them to every value's grad, as PyTorch's retained gradients add up."""
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
            self.grad += exponent * self.data ** (exponent - 1) * out.grad
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
        # Every value's local rule reads and writes .grad, so run the pass on a fresh slate and add it back.
        users, stack, found = {id(self): 0}, [self], {id(self): self}
        while stack:
            value = stack.pop()
            for parent in value._parents:
                users[id(parent)] = users.get(id(parent), 0) + 1
                if id(parent) not in found:
                    found[id(parent)] = parent
                    stack.append(parent)
        before = {key: value.grad for key, value in found.items()}
        for value in found.values():
            value.grad = 0.0
        self.grad = 1.0
        ready = [self]
        while ready:
            value = ready.pop()
            value._propagate()
            for parent in value._parents:
                users[id(parent)] -= 1
                if users[id(parent)] == 0:
                    ready.append(parent)
        for key, value in found.items():
            value.grad += before[key]

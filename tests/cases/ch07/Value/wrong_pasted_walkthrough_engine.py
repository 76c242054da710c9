"""The walk-through's two-operation Node engine pasted, value renamed data and a backward that resets the intermediate gradients: no - or ** or /."""
# diagnosis: raised TypeError
# The walk-through's Node, as_node, local_derivatives, walk, count_uses, backprop, backprop_again, pasted;
# only `value` renamed to `data` and backprop_again attached as a method.
class Value:
    def __init__(self, data, parents=(), op="", name=""):
        self.data = data
        self.parents = parents
        self.op = op
        self.name = name
        self.grad = 0.0

    def __add__(self, other):
        other = as_node(other)
        return Value(self.data + other.data, parents=(self, other), op="+")

    def __mul__(self, other):
        other = as_node(other)
        return Value(self.data * other.data, parents=(self, other), op="*")

    def backward(self):
        backprop_again(self)


def as_node(thing):
    return thing if isinstance(thing, Value) else Value(float(thing))


def local_derivatives(node):
    if node.op == "+":
        return [1.0, 1.0]
    if node.op == "*":
        first, second = node.parents
        return [second.data, first.data]
    return []


def walk(output):
    seen, stack, found = set(), [output], []
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            found.append(node)
            stack.extend(node.parents)
    return found


def count_uses(output):
    uses = {id(node): 0 for node in walk(output)}
    for node in walk(output):
        for parent in node.parents:
            uses[id(parent)] += 1
    return uses


def backprop(output):
    uses = count_uses(output)
    output.grad = 1.0
    ready, order = [output], []
    while ready:
        node = ready.pop()
        order.append(node)
        for parent, local in zip(node.parents, local_derivatives(node)):
            parent.grad += local * node.grad
            uses[id(parent)] -= 1
            if uses[id(parent)] == 0:
                ready.append(parent)
    return order


def backprop_again(output):
    for node in walk(output):
        if node.parents:
            node.grad = 0.0
    return backprop(output)

"""A recursive walk over next_functions, comparing nodes and tensors by identity."""
def receives_grad(output, tensors):
    nodes = []

    def visit(node):
        if node is None or any(node is seen for seen in nodes):
            return
        nodes.append(node)
        for child, _ in node.next_functions:
            visit(child)

    visit(output.grad_fn)
    leaves = [node.variable for node in nodes if type(node).__name__ == "AccumulateGrad"]

    def answer(t):
        if t.is_leaf:
            return t.requires_grad and any(t is leaf for leaf in leaves)
        return t.retains_grad and any(t.grad_fn is node for node in nodes)

    return [bool(answer(t)) for t in tensors]

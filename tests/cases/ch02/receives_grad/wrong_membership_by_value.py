"""Collects the leaves of the graph, then asks `t in leaves`, which compares tensors by value."""
# diagnosis: compare tensors element by element
def receives_grad(output, tensors):
    leaves, stack = [], [output.grad_fn]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if hasattr(node, "variable"):
            leaves.append(node.variable)
        stack.extend(child for child, _ in node.next_functions)
    return [t.requires_grad and t in leaves for t in tensors]

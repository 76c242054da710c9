"""Walks the graph for leaves only, so a non-leaf on which retain_grad() was called is answered False."""
# diagnosis: the answer for h is False
def receives_grad(output, tensors):
    leaves, seen, stack = [], set(), [output.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if hasattr(node, "variable"):
            leaves.append(node.variable)
        stack.extend(child for child, _ in node.next_functions)
    return [t.requires_grad and any(t is leaf for leaf in leaves) for t in tensors]

"""Answers "a leaf that requires grad" without asking whether the output was computed from it."""
# diagnosis: the answer for b is True
def receives_grad(output, tensors):
    return [t.is_leaf and t.requires_grad for t in tensors]

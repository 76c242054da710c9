"""Answers with requires_grad alone, as if every tensor that requires grad got a .grad."""
# diagnosis: the answer for scale is True
def receives_grad(output, tensors):
    return [t.requires_grad for t in tensors]

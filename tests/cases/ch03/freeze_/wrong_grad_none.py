"""Freezes by dropping the gradient (p.grad = None): the parameter still requires grad."""
# diagnosis: no parameter stopped requiring grad
def freeze_(module, names):
    for name, p in module.named_parameters():
        if any(name.startswith(prefix) for prefix in names):
            p.grad = None
    return sorted(name for name, p in module.named_parameters() if not any(name.startswith(q) for q in names))

"""Switches requires_grad off on state_dict() entries, which are detached copies of the parameters."""
# diagnosis: no parameter stopped requiring grad
def freeze_(module, names):
    for name, tensor in module.state_dict().items():
        if any(name.startswith(prefix) for prefix in names):
            tensor.requires_grad_(False)
    return sorted(name for name, p in module.named_parameters() if p.requires_grad)

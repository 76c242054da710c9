"""Replaces each matching parameter by a new frozen nn.Parameter: an optimizer holding the old ones is cut off."""
# diagnosis: holds other parameter tensors
def freeze_(module, names):
    for name, p in list(module.named_parameters()):
        if any(name.startswith(prefix) for prefix in names):
            owner_name, _, attr = name.rpartition(".")
            owner = module.get_submodule(owner_name)
            setattr(owner, attr, nn.Parameter(p.detach().clone(), requires_grad=False))
    return sorted(name for name, p in module.named_parameters() if p.requires_grad)

"""Returns the names it froze instead of those that still require grad."""
# diagnosis: returned the frozen names
def freeze_(module, names):
    frozen = []
    for name, p in module.named_parameters():
        if any(name.startswith(prefix) for prefix in names):
            p.requires_grad_(False)
            frozen.append(name)
    return sorted(frozen)

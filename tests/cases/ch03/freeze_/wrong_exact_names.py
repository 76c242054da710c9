"""Matches whole names only (name in names) instead of prefixes."""
# diagnosis: holds prefixes
def freeze_(module, names):
    for name, p in module.named_parameters():
        if name in names:
            p.requires_grad_(False)
    return sorted(name for name, p in module.named_parameters() if p.requires_grad)

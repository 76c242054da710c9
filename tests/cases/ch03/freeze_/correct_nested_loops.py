"""Plain nested loops: compare each name's first characters with each prefix by slicing."""
def freeze_(module, names):
    for name, p in module.named_parameters():
        for prefix in names:
            if name[:len(prefix)] == prefix:
                p.requires_grad_(False)
                break
    return sorted([name for name, p in module.named_parameters() if p.requires_grad])

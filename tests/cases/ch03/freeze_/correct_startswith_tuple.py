"""str.startswith with a tuple of prefixes, and assigning p.requires_grad = False."""
def freeze_(module, names):
    prefixes = tuple(names)
    for name, p in module.named_parameters():
        if name.startswith(prefixes):
            p.requires_grad = False
    trainable = [name for name, p in module.named_parameters() if p.requires_grad]
    trainable.sort()
    return trainable

"""Returns the trainable names in named_parameters() order, not sorted."""
# diagnosis: not sorted
def freeze_(module, names):
    for name, p in module.named_parameters():
        if any(name.startswith(prefix) for prefix in names):
            p.requires_grad_(False)
    return [name for name, p in module.named_parameters() if p.requires_grad]

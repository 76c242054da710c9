"""Works out the result from the prefixes alone, so a parameter frozen before the call is still listed."""
# diagnosis: already frozen before the call
def freeze_(module, names):
    trainable = []
    for name, p in module.named_parameters():
        if any(name.startswith(prefix) for prefix in names):
            p.requires_grad_(False)
        else:
            trainable.append(name)
    return sorted(trainable)

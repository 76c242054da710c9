"""Shuffles without using the seed, so every call gives another split."""
# diagnosis: the split must be reproducible
def split_train_val(n_samples, val_fraction, seed):
    shuffled = torch.randperm(n_samples)
    n_val = int(val_fraction * n_samples)
    return shuffled[n_val:], shuffled[:n_val]

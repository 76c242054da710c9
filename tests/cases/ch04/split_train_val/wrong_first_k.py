"""Takes the first indices for validation: the same split whatever the seed."""
# diagnosis: the same split for every seed
def split_train_val(n_samples, val_fraction, seed):
    n_val = int(val_fraction * n_samples)
    indices = torch.arange(n_samples)
    return indices[n_val:], indices[:n_val]

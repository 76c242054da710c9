"""Rotates range(n_samples) by the seed: a different split for each seed, but no randomness at all."""
# diagnosis: a fixed pattern moved by the seed
def split_train_val(n_samples, val_fraction, seed):
    order = (torch.arange(n_samples) + seed + 1) % n_samples
    n_val = int(val_fraction * n_samples)
    return order[n_val:], order[:n_val]

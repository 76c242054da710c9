"""Shuffles once with a fixed seed, then rotates that one shuffle by the seed it was given."""
# diagnosis: a fixed pattern moved by the seed
def split_train_val(n_samples, val_fraction, seed):
    fixed = torch.randperm(n_samples, generator=torch.Generator().manual_seed(0))
    order = torch.roll(fixed, shifts=seed + 1)
    n_val = int(val_fraction * n_samples)
    return order[n_val:], order[:n_val]

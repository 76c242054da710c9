"""Reverses the indices for odd seeds and rotates them by the seed: seed-dependent, not random."""
# diagnosis: a fixed pattern moved by the seed
def split_train_val(n_samples, val_fraction, seed):
    order = torch.arange(n_samples)
    if seed % 2:
        order = order.flip(0)
    order = torch.roll(order, shifts=seed // 2 + 1)
    n_val = int(val_fraction * n_samples)
    return order[n_val:], order[:n_val]

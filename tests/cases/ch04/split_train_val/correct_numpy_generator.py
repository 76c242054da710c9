"""Shuffles with NumPy's own seeded generator and converts the parts to int64 tensors."""
def split_train_val(n_samples, val_fraction, seed):
    order = np.random.default_rng(seed).permutation(n_samples)
    n_val = int(val_fraction * n_samples)
    return torch.from_numpy(order[n_val:]).long(), torch.from_numpy(order[:n_val]).long()

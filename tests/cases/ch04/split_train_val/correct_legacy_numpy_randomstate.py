"""Shuffles with NumPy's legacy RandomState seeded with seed, its own generator, not the global one."""
def split_train_val(n_samples, val_fraction, seed):
    order = np.random.RandomState(seed % 2 ** 32).permutation(n_samples)
    n_val = int(val_fraction * n_samples)
    return torch.tensor(order[n_val:], dtype=torch.long), torch.tensor(order[:n_val], dtype=torch.long)

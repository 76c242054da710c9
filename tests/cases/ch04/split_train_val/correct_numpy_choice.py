"""Draws the validation indices with NumPy's seeded choice without replacement; the rest train."""
def split_train_val(n_samples, val_fraction, seed):
    rng = np.random.default_rng(seed)
    n_val = int(val_fraction * n_samples)
    val = rng.choice(n_samples, size=n_val, replace=False)
    train = np.setdiff1d(np.arange(n_samples), val)
    return torch.as_tensor(train, dtype=torch.int64), torch.as_tensor(val, dtype=torch.int64)

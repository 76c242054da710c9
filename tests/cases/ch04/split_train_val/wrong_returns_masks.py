"""Returns boolean masks instead of index tensors."""
# diagnosis: boolean mask
def split_train_val(n_samples, val_fraction, seed):
    shuffled = torch.randperm(n_samples, generator=torch.Generator().manual_seed(seed))
    is_val = torch.zeros(n_samples, dtype=torch.bool)
    is_val[shuffled[:int(val_fraction * n_samples)]] = True
    return ~is_val, is_val

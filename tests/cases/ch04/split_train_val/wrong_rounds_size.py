"""Rounds the validation size to the nearest integer instead of down."""
# diagnosis: which rounds down
def split_train_val(n_samples, val_fraction, seed):
    shuffled = torch.randperm(n_samples, generator=torch.Generator().manual_seed(seed))
    n_val = round(val_fraction * n_samples)
    return shuffled[n_val:], shuffled[:n_val]

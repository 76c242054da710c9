"""Returns the validation part first."""
# diagnosis: look swapped
def split_train_val(n_samples, val_fraction, seed):
    shuffled = torch.randperm(n_samples, generator=torch.Generator().manual_seed(seed))
    n_val = int(val_fraction * n_samples)
    return shuffled[:n_val], shuffled[n_val:]

"""Seeds torch's global generator, as the book's notebooks do at the top."""
# diagnosis: changed torch's global random state
def split_train_val(n_samples, val_fraction, seed):
    torch.manual_seed(seed)
    shuffled = torch.randperm(n_samples)
    n_val = int(val_fraction * n_samples)
    return shuffled[n_val:], shuffled[:n_val]

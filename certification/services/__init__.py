"""Every write of certification, one module a topic: the reviewers' group, country incomes,
labels and their nightly recompute, concerns, expiry reminders and applications."""

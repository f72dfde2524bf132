"""Every write of the marketplace: jobs, bids, invitations, delivery and reviews."""

"""What the marketplace tells the apps above it. Sent inside the transaction of the change, so
a receiver's writes commit or roll back with it."""

from django.dispatch import Signal

# The awarded provider accepted the award: the work starts on the bid as awarded.
# Arguments: job (locked, with awarded_bid and its organization), by (User).
award_accepted = Signal()

"""What accounts tells the apps above it. Sent inside the transaction of the change, so a
receiver's writes commit or roll back with it; receivers queue slow work with on_commit."""

from django.dispatch import Signal

# A provider organization's profile changed a fact that certification judges.
# Arguments: organization (after the change), changed ({field: (before, after)}), by (User).
organization_facts_changed = Signal()

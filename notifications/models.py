from django.conf import settings
from django.db import models

from notifications import kinds


class Notification(models.Model):
    """Something a person should know, shown in the app and emailed by a worker.

    An email not yet handled (sent, or skipped because the person turned emails off) is a
    row with emailed_at unset, written in the same transaction as the
    change it reports, so a broker outage delays the email but never loses it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64)
    # Whatever the service wrote, whole: reasons and names are the user's own text.
    message = models.TextField()
    # Written, like the message, in the recipient's language when the notification was made.
    subject = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, blank=True)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_unread"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self):
        return self.message

    def get_kind_display(self) -> str:
        return kinds.label(self.kind)

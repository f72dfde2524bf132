"""Findings: what a reviewer found wrong with a labelled organization, and by when it must be
put right."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certification.models.labels import Label


class FindingSeverity(models.TextChoices):
    MINOR = "minor", _("Minor: corrective action by the deadline, the label stays in force")
    MAJOR = "major", _("Major: the label is suspended until the finding is closed")


class Finding(models.Model):
    """A reviewer's finding on a label: minor ones leave it in force with a corrective action
    open until the deadline; major ones suspend it. Unresolved past its deadline, the
    nightly check suspends the label. A reviewer closes it with a note."""

    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="findings")
    severity = models.CharField(max_length=8, choices=FindingSeverity.choices)
    problem = models.TextField(_("what is wrong"), max_length=4000)
    required_action = models.TextField(_("what must be done"), max_length=4000)
    deadline = models.DateField(_("deadline"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    close_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["closed_at", "deadline"], name="open_findings_by_deadline")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(close_note=""),
                name="finding_closed_with_a_note",
            ),
        ]

    def __str__(self):
        return f"{self.get_severity_display().split(':')[0]} finding on {self.label.code}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

from django.db import models

from core.fields import ParagraphsField


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyQuerySet(models.QuerySet):
    """For history: rows are inserted, never updated or deleted."""

    def update(self, **kwargs):
        raise TypeError(f"{self.model._meta.verbose_name} history is append-only.")

    def delete(self):
        raise TypeError(f"{self.model._meta.verbose_name} history is append-only.")


class HistoryEvent(models.Model):
    """One change of a row's status: from, to, why, when, and who made it — a person (kept
    by name too, so the record outlives their account) or a task (by its name).

    Subclasses add the foreign key to their row and may give the statuses their choices.
    """

    from_status = models.CharField(max_length=32, blank=True, help_text="Blank when created.")
    to_status = models.CharField(max_length=32)
    reason = ParagraphsField(blank=True)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=300, blank=True)
    actor_task = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("History is append-only; an event cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("History is append-only; an event cannot be deleted.")

    @property
    def actor_display(self) -> str:
        return self.actor_task or self.actor_name or (str(self.actor) if self.actor_id else "")


class ScheduledRun(models.Model):
    """When a scheduled task that must not be lost (settings.SCHEDULED_RUNS) last started and
    last finished, so that a run lost with its worker is noticed and made up (core.scheduled)."""

    task = models.CharField(max_length=200, unique=True)
    started_at = models.DateTimeField(null=True, blank=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.task

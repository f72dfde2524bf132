"""The one way a status changes, for every state machine: check the move against the model's
table of allowed moves, save the new status, append the history row."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.text import validate_paragraphs


def actor_fields(by) -> dict:
    """A history row's actor: a person (also kept by name), or a task given by its name."""
    if isinstance(by, str):
        return {"actor": None, "actor_name": "", "actor_task": by}
    if by is None:
        raise TypeError("Name the person or the task behind the change.")
    return {"actor": by, "actor_name": by.get_full_name() or by.email, "actor_task": ""}


def refuse_move(obj, to: str) -> ApplicationError:
    """The refusal of a move the table does not allow, in words."""
    current = obj.get_status_display().lower()
    wanted = dict(obj._meta.get_field("status").choices)[to]
    return ApplicationError(
        _("A {verbose_name} that is {current} cannot become {str}.").format(
            verbose_name=obj._meta.verbose_name, current=current, str=str(wanted).lower()
        ),
        code="invalid_transition",
    )


def _check_reason(reason: str) -> None:
    """A reason someone typed is kept in history and sent on: refuse what no column or email
    can hold before anything is written."""
    try:
        validate_paragraphs(reason)
    except ValidationError as error:
        message = " ".join(error.messages)
        raise ApplicationError(message, fields={"reason": message}) from error


def move(*, obj, to: str, by, reason: str, allowed: Mapping, history, fields: Iterable[str] = ()):
    """Move obj to status `to`, as `by` (a User, or a task's name), for `reason`.

    Saves the status (and updated_at where the model has it) and only the other `fields`
    named, in one UPDATE: a caller that changes other fields saves them itself. Appends a row
    to `history` (a HistoryEvent model whose foreign key to obj's model is named after it).
    The caller holds obj's row lock.
    """
    if to not in allowed[obj.status]:
        raise refuse_move(obj, to)
    _check_reason(reason)
    from_status, obj.status = obj.status, to
    saved = ["status", *fields]
    if hasattr(obj, "updated_at"):
        obj.updated_at = timezone.now()
        saved.append("updated_at")
    obj.save(update_fields=saved)
    link = obj._meta.model_name
    return history.objects.create(
        **{link: obj},
        from_status=from_status,
        to_status=to,
        reason=reason,
        **actor_fields(by),
    )

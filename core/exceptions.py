from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ApplicationError(Exception):
    """A business rule refused an action. The message is written for the person who tried it."""

    def __init__(self, message, *, code="invalid", fields=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.fields = fields or {}


def validated(instance, *, only: tuple[str, ...] = ()):
    """Run the model's validation (of the fields named in only, when given) and report
    failures as an ApplicationError, field by field."""
    exclude = None
    if only:
        exclude = [field.name for field in instance._meta.fields if field.name not in only]
    try:
        instance.full_clean(
            exclude=exclude, validate_unique=not only, validate_constraints=not only
        )
    except ValidationError as error:
        fields = {name: " ".join(messages) for name, messages in error.message_dict.items()}
        raise ApplicationError(
            _("Please correct the highlighted fields."), code="invalid", fields=fields
        ) from error
    return instance

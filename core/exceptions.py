from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ApplicationError(Exception):
    """A business rule refused an action. The message is written for the person who tried it."""

    def __init__(self, message, *, code="invalid", fields=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.fields = fields or {}


def validated(instance):
    """Run the model's validation and report failures as an ApplicationError, field by field."""
    try:
        instance.full_clean()
    except ValidationError as error:
        fields = {name: " ".join(messages) for name, messages in error.message_dict.items()}
        raise ApplicationError(
            _("Please correct the highlighted fields."), code="invalid", fields=fields
        ) from error
    return instance

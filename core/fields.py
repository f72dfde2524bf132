from django.db import models

from core.text import validate_paragraphs, validate_single_line


class WebsiteURLField(models.URLField):
    """A URL field whose forms read a bare "example.com" as https://example.com."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class _ValidatedText:
    """Adds its validators to every instance, and deconstructs as the plain Django field, so
    the rule lives in code (forms, serializers and full_clean() all run it) without a
    migration for each field that takes it."""

    plain_path = ""

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.plain_path, args, kwargs


class SingleLineField(_ValidatedText, models.CharField):
    """A name, a title, a city: one line, no control characters."""

    default_validators = [validate_single_line]
    plain_path = "django.db.models.CharField"


class ParagraphsField(_ValidatedText, models.TextField):
    """A description, a message, a reason: line breaks allowed, other control characters not."""

    default_validators = [validate_paragraphs]
    plain_path = "django.db.models.TextField"

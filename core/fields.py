from django.db import models


class WebsiteURLField(models.URLField):
    """A URL field whose forms read a bare "example.com" as https://example.com."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})

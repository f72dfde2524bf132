from core.exceptions import ApplicationError


def add_error(form, error: ApplicationError) -> None:
    """Show a service's refusal on the form: on each field it names, or above the form."""
    if not error.fields:
        form.add_error(None, error.message)
    for field, message in error.fields.items():
        form.add_error(field if field in form.fields else None, message)

"""Form helpers shared by every app's views."""
from django import forms
from django.core.exceptions import ValidationError


def errors_onto(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field where the form has it, else on the whole form."""
    for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
        form.add_error(field if field in form.fields else None, errors)

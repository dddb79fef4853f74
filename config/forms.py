"""Form helpers shared by every app's views."""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest, HttpResponse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


def errors_onto(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field where the form has it, else on the whole form,
    each error as raised (its code kept, for `form.has_error(field, code)`)."""
    by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, errors in by_field.items():
        form.add_error(field if field in form.fields else None, errors)


def form_submit(request: HttpRequest, form: forms.Form, act: Callable[[dict], HttpResponse]) -> HttpResponse | None:
    """On a POST of a valid `form`: call `act(cleaned_data)` (the service, then the response to send) and return
    its response. None otherwise (a GET, an invalid form, or a service's ValidationError, put onto the form):
    the caller renders its page again, with `form_status(form)`."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return act(form.cleaned_data)
    except ValidationError as error:
        errors_onto(form, error)
        return None


def form_status(form: forms.Form) -> int:
    """A page showing a form that came back with errors answers 400."""
    return 400 if form.errors else 200


def _attrs_html(attrs: dict) -> SafeString:
    """Attributes as Django's `attrs.html` writes them: in order, True as a bare name, False left out."""
    esc = conditional_escape
    return mark_safe(  # noqa: S308 (names and values escaped)
        "".join(
            f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


class PlainSelect(forms.Select):
    """A <select> written in Python, the same HTML as Django's `Select` less the whitespace between options.

    Django renders a select through the template engine with one `{% include %}` per option: the inbox's
    assignee filter (a hundred staff) cost more to render than the page's 25 tickets. The options, their
    `selected` and attributes still come from `Select.get_context`, so behaviour (initial values, model
    choices, optgroups) is Django's; only the writing is here, each option one f-string of escaped values
    (`format_html` per option cost as much again). `tests/ops/test_forms.py` compares the two."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        esc = conditional_escape
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = "".join(
                f'<option value="{esc(o["value"])}"{_attrs_html(o["attrs"]) if o["attrs"] else ""}>'
                f"{esc(o['label'])}</option>"
                for o in options
            )
            groups.append(f'<optgroup label="{esc(group_name)}">{html}</optgroup>' if group_name else html)
        return mark_safe(  # noqa: S308 (every value above is escaped)
            f'<select name="{esc(widget["name"])}"{_attrs_html(widget["attrs"])}>{"".join(groups)}</select>'
        )


def _label(context: dict) -> SafeString:
    """`django/forms/label.html`: a field's label, in its tag when the field has an id."""
    if not context["use_tag"]:
        return mark_safe(conditional_escape(context["label"]).strip())  # noqa: S308 (escaped), as Django strips
    tag = context["tag"]
    return format_html("<{}{}>{}</{}>", tag, _attrs_html(context["attrs"]), context["label"], tag)


def _input(context: dict) -> SafeString:
    """`django/forms/widgets/input.html`, which the text, number, email, date and hidden inputs include."""
    widget = context["widget"]
    value = format_html(' value="{}"', widget["value"]) if widget["value"] is not None else ""
    return format_html(
        '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value, _attrs_html(widget["attrs"])
    )


def _textarea(context: dict) -> SafeString:
    widget = context["widget"]
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>', widget["name"], _attrs_html(widget["attrs"]), widget["value"] or ""
    )


_WIDGETS = "django/forms/widgets/"
# Django's templates these write; each of the inputs' templates is only `{% include "…/input.html" %}`.
_WRITERS = {
    "django/forms/label.html": _label,
    f"{_WIDGETS}textarea.html": _textarea,
    **{
        f"{_WIDGETS}{kind}.html": _input
        for kind in (
            "input",
            "text",
            "number",
            "email",
            "url",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "search",
            "tel",
            "color",
        )
    },
}


class PlainRenderer(DjangoTemplates):
    """Writes a field's label and the plain inputs and textareas in Python, the same HTML as Django's templates.

    Each label and input went through the template engine with an `{% include %}` of the attributes: the
    ticket page's four small forms spent some 4 ms of a 35 ms request there. Every other form template (a
    form's `as_div`, selects without `PlainSelect`, checkboxes, files) is Django's. `tests/ops/test_forms.py`
    compares the two renderers on every form of the ticket page and the inbox."""

    def render(self, template_name, context, request=None):
        write = _WRITERS.get(template_name)
        return write(context) if write is not None else super().render(template_name, context, request)


class LocalePreferencesForm(forms.Form):
    """A signed-in person's language and time zone; blank leaves them to the browser and the site."""

    language = forms.ChoiceField(label=_("Language"), required=False)
    time_zone = forms.ChoiceField(label=_("Time zone"), required=False)

    def __init__(self, *args, **kwargs):
        from config.locale import time_zone_names

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("As my browser asks")), *settings.LANGUAGES]
        self.fields["time_zone"].choices = [
            ("", _("The site's (%(zone)s)") % {"zone": settings.TIME_ZONE}),
            *((name, name) for name in time_zone_names()),
        ]

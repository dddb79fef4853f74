"""`config.forms.PlainSelect` writes the same select as Django's `Select`, which stays the reference."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates
from hypothesis import given, settings
from hypothesis import strategies as st

from config.forms import PlainRenderer, PlainSelect

_text = st.text(alphabet=st.sampled_from("ab <>&\"'é"), min_size=0, max_size=6)
_value = st.one_of(_text, st.integers(-3, 300))
_options = st.lists(st.tuples(_value, _text), min_size=0, max_size=6)
_choices = st.lists(
    st.one_of(st.tuples(_value, _text), st.tuples(st.text(alphabet="xy<&", min_size=1, max_size=4), _options)),
    max_size=6,
)
_attrs = st.dictionaries(
    st.sampled_from(["id", "class", "data-x", "required", "disabled", "aria-describedby"]),
    st.one_of(st.booleans(), _text),
    max_size=4,
)


def _tidy(html: str) -> str:
    """Django's template puts line breaks and indentation between options; the browser ignores them."""
    return re.sub(r">\s+<", "><", str(html)).strip()


@settings(max_examples=300, deadline=None)
@given(choices=_choices, attrs=_attrs, chosen=st.one_of(st.none(), _value), multiple=st.booleans())
def test_plain_select_writes_what_djangos_select_writes(choices, attrs, chosen, multiple):
    reference, plain = (
        (forms.SelectMultiple, type("PlainMultiple", (PlainSelect, forms.SelectMultiple), {}))
        if multiple
        else (forms.Select, PlainSelect)
    )
    value = [chosen] if multiple and chosen is not None else chosen
    expected = reference(attrs=attrs, choices=choices).render("field", value, attrs={"id": "id_field"})
    assert _tidy(plain(attrs=attrs, choices=choices).render("field", value, attrs={"id": "id_field"})) == _tidy(
        expected
    )


def test_a_chosen_option_is_selected_and_labels_are_escaped():
    html = PlainSelect(choices=[("", "Anyone"), ("7", "Ana <b>&</b>"), ("8", "Bo")]).render("who", "7")
    assert html == (
        '<select name="who"><option value="">Anyone</option>'
        '<option value="7" selected>Ana &lt;b&gt;&amp;&lt;/b&gt;</option><option value="8">Bo</option></select>'
    )


def test_a_model_choice_field_lists_its_queryset(queue_a, queue_b):
    from tickets.models import Queue

    field = forms.ModelChoiceField(
        queryset=Queue.objects.order_by("name"), to_field_name="slug", widget=PlainSelect, empty_label="Any queue"
    )
    html = field.widget.render("queue", queue_b.slug)
    assert f'<option value="{queue_b.slug}" selected>{queue_b.name}</option>' in html
    assert f'<option value="{queue_a.slug}">{queue_a.name}</option>' in html
    assert html.startswith('<select name="queue"><option value="">Any queue</option>')


# `config.forms.PlainRenderer` (the site's FORM_RENDERER) writes labels, inputs and textareas in Python; Django's
# own renderer stays the reference.
_DJANGO = DjangoTemplates()
_WIDGET_KINDS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.HiddenInput,
    forms.DateTimeInput,
    forms.Textarea,
    forms.PasswordInput,
]


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(_WIDGET_KINDS),
    value=st.one_of(st.none(), _text, st.integers(-3, 300)),
    attrs=_attrs,
    label=_text,
    with_id=st.booleans(),
)
def test_plain_renderer_writes_what_djangos_templates_write(kind, value, attrs, label, with_id):
    class Form(forms.Form):
        field = forms.CharField(
            label=label,
            widget=kind(attrs=attrs, render_value=True) if kind is forms.PasswordInput else kind(attrs=attrs),
            required=False,
        )

    form = Form(initial={"field": value}, auto_id="id_%s" if with_id else False)
    plain = form["field"]
    expected = Form(initial={"field": value}, auto_id="id_%s" if with_id else False, renderer=_DJANGO)["field"]
    assert isinstance(form.renderer, PlainRenderer)
    assert str(plain.label_tag()) == str(expected.label_tag())
    assert str(plain) == str(expected)


def test_the_ticket_pages_forms_are_written_as_djangos_templates_write_them(alice, dave_ticket):
    from escalation.forms import RaiseForm, ReportForm
    from tickets.forms import CallLogForm, InboxFilterForm, NoteForm, TicketChangeForm

    made = [
        lambda **r: TicketChangeForm(ticket=dave_ticket, user=alice, **r),
        lambda **r: TicketChangeForm({"status": "bogus", "priority": "<b>"}, ticket=dave_ticket, user=alice, **r),
        lambda **r: CallLogForm(**r),
        lambda **r: CallLogForm({"call-duration_s": "-1", "call-summary": "<script>"}, **r),
        lambda **r: NoteForm(**r),
        lambda **r: RaiseForm(initial={"ticket": dave_ticket.pk}, **r),
        lambda **r: ReportForm(initial={"customer": dave_ticket.customer_id}, **r),
        lambda **r: InboxFilterForm({"q": 'a "b" <c>'}, user=alice),
    ]
    for make in made:
        form, reference = make(), make()
        reference.renderer = _DJANGO
        for name in form.fields:
            assert str(form[name].label_tag()) == str(reference[name].label_tag()), name
            assert str(form[name]) == str(reference[name]), name


def test_a_services_errors_land_on_their_fields_with_their_codes_and_the_rest_on_the_form():
    from django import forms
    from django.core.exceptions import ValidationError

    from config.forms import errors_onto

    class Form(forms.Form):
        reason = forms.CharField()

    form = Form({"reason": "fine"})
    assert form.is_valid()
    errors_onto(form, ValidationError({"reason": ValidationError("Say more.", code="short"),
                                       "queue": "Not a queue of yours."}))
    errors_onto(form, ValidationError("Asked already.", code="duplicate"))
    assert form.has_error("reason", code="short") and form.errors["reason"] == ["Say more."]
    assert form.non_field_errors() == ["Not a queue of yours.", "Asked already."]
    assert form.has_error(forms.forms.NON_FIELD_ERRORS, code="duplicate")


def test_form_submit_acts_only_on_a_valid_post_and_a_refusal_lands_on_the_form(rf):
    from django import forms
    from django.core.exceptions import ValidationError
    from django.http import HttpResponse

    from config.forms import form_status, form_submit

    class Form(forms.Form):
        name = forms.CharField()

    acted: list[dict] = []

    def act(data):
        acted.append(data)
        if data["name"] == "taken":
            raise ValidationError({"name": "That name is taken."})
        return HttpResponse("saved")

    assert form_submit(rf.get("/"), Form(), act) is None
    invalid = Form({"name": ""})
    assert form_submit(rf.post("/"), invalid, act) is None and form_status(invalid) == 400
    assert acted == []
    refused = Form({"name": "taken"})
    assert form_submit(rf.post("/"), refused, act) is None
    assert refused.errors["name"] == ["That name is taken."] and form_status(refused) == 400
    assert form_submit(rf.post("/"), Form({"name": "new"}), act).content == b"saved"
    assert form_status(Form()) == 200

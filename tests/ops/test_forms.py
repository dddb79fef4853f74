"""`config.forms.PlainSelect` writes the same select as Django's `Select`, which stays the reference."""

import re

from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from config.forms import PlainSelect

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

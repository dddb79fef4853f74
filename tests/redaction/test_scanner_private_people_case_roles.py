"""A full name after the role of whoever handles a claim, a case or a course ("handler Marta Kowal", "case officer
Dan Reyes", "instructor Shane Dolan") is a person private text names, as "loss adjuster Priya Nandakumar" is; a
label or a team after such a word ("handler Team North") is nobody."""

import pytest

from redaction.scanner import names, scan


@pytest.mark.parametrize(
    "text, name",
    [
        ("Claim forwarded to insurer, ref INS-552019, handler Marta Kowal.", "Marta Kowal"),
        ("Case officer Dan Reyes will visit on Monday.", "Dan Reyes"),
        ("Underwriter Hana Sato flagged the renewal.", "Hana Sato"),
        ("Appraiser Tom Birch values the ring on Friday.", "Tom Birch"),
    ],
)
def test_a_name_after_a_case_role_is_a_person(text: str, name: str) -> None:
    assert names.named_in(text) == [(name, False)]


@pytest.mark.parametrize("text", ["The claims handler Team North will call.", "Officer Account Number 4471 closed."])
def test_a_label_after_a_case_role_is_nobody(text: str) -> None:
    assert names.named_in(text) == []


def test_the_handler_is_found_by_their_first_name_in_a_reply() -> None:
    context = {"channel": "public", "internal_notes": ["Claim forwarded to insurer, handler Marta Kowal."]}
    text = "The claim is with the insurer now and Marta will be in touch with you directly."
    assert [(text[f.start : f.end], f.owner) for f in scan(text, context) if f.kind == "person"] == [
        ("Marta", "internal")
    ]

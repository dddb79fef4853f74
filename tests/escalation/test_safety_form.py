"""The lead's safety-action form says what each action does before it is taken, and shows the warnings' text."""
from django.urls import reverse

from escalation.forms import SAFETY_ACTION_EXPLAINED, SAFETY_ACTIONS


def test_every_action_is_explained_beside_its_choice(client, carol, raised):
    client.force_login(carol)
    html = client.get(reverse("leads:escalation", args=[raised.pk])).content.decode()
    assert "Action — what each one does" in html
    assert set(SAFETY_ACTION_EXPLAINED) == {value for value, _label in SAFETY_ACTIONS}
    for value, label in SAFETY_ACTIONS:
        assert f'type="radio" name="kind" value="{value}"' in html
        assert str(label) in html
    assert "Asks another lead to approve a suspension; nothing changes until they do." in html
    assert "It goes out once and cannot be unsent" in html
    assert "The customer is not told. Undo: “Lifted the restriction”." in html


def test_the_warnings_text_is_shown_before_it_is_sent(client, carol, raised):
    client.force_login(carol)
    html = client.get(reverse("leads:escalation", args=[raised.pk])).content.decode()
    assert "What the customer reads: “Please keep our conversation respectful”" in html
    assert "What the customer reads: “Final notice about your messages to our team”" in html
    assert "Caroline" not in html and "Realname" not in html


def test_choosing_nothing_keeps_the_note_and_says_so(client, carol, raised):
    client.force_login(carol)
    response = client.post(reverse("leads:safety_action", args=[raised.pk]), {"note": "Third abusive message."})
    html = response.content.decode()
    assert response.status_code == 400 and "This field is required." in html and "Third abusive message." in html

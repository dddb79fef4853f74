"""The leads' pages in German have no English left in them where a sentence was built from pieces: the
satisfaction table's period, the urgency rules' explanation, a queue's state."""
import pytest
from django.urls import reverse

from agents.models import StaffProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_lead(client, carol):
    StaffProfile.objects.filter(user=carol).update(language="de")
    client.force_login(carol)
    return client


@pytest.mark.parametrize("period, heading", [
    ("week", "Nach Woche, Queue und Persona"), ("month", "Nach Monat, Queue und Persona"),
])
def test_the_satisfaction_period_is_said_in_german(german_lead, period, heading):
    page = german_lead.get(reverse("leads:satisfaction"), {"period": period, "count": 4}).content.decode()
    assert heading in page and f"Nach {period}" not in page


def test_the_urgency_rules_explanation_is_one_german_sentence(german_lead):
    page = german_lead.get(reverse("leads:urgency_rules")).content.decode()
    assert "Ein <strong>Auslöser</strong> löst seine Kategorie aus; eine <strong>harmlose Bedeutung</strong>" in page
    assert "<code>(bug|app|update) is killing me</code> für Drohungen" in page
    assert "A <strong>" not in page


def test_an_open_queue_is_offen_not_the_verb(german_lead, queue_a):
    page = german_lead.get(reverse("queues")).content.decode()
    assert "<td>Offen</td>" in page and "öffnen" not in page


def test_the_suspended_page_links_back_to_the_leads_desk(german_lead):
    page = german_lead.get(reverse("leads:suspended")).content.decode()
    assert "Zurück zum Pult der Teamleitung" in page and "Sicherheitsmeldungen" not in page

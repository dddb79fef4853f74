"""Every page a person may use is reachable from the navigation, and only those: leads find theirs (held replies
with a count, the retro-audit, the audit trail, escalations, approvals, urgency rules, response templates,
ratings, SLA, queues, macros), admins theirs (mail quarantine, webhooks, public sources, staff), agents none."""
from django.urls import reverse

LEAD_PAGES = [
    ("gate:held", "Held replies"), ("gate:audit", "Retro-audit"), ("agents:audit", "Audit trail"),
    ("leads:dashboard", "Escalations"), ("agents:approvals", "Approvals"), ("leads:urgency_rules", "Urgency rules"),
    ("leads:response_templates", "Response templates"), ("leads:suspended", "Suspended customers"),
    ("deleted_customers", "Deleted customers"), ("grants", "Roles and queue grants"), ("leads:figures", "Dashboard"),
    ("leads:satisfaction", "Satisfaction ratings"), ("sla:index", "SLA calendars and policies"), ("queues", "Queues"),
    ("macros", "Macros"),
]
ADMIN_PAGES = [
    ("agents:reveal", "Identity reveals"), ("agents:staff", "Team"), ("admin:index", "Django admin"),
    ("mailroom:quarantine", "Mail quarantine"), ("webhooks:subscriptions", "Webhooks"),
    ("public_sources", "Public sources"),
]


def _nav(client, user) -> str:
    client.force_login(user)
    html = client.get(reverse("agents:persona")).content.decode()
    return html[html.index('<nav aria-label="Main">'):html.index("</nav>")]


def test_a_lead_reaches_every_lead_page_from_the_navigation(client, carol):
    nav = _nav(client, carol)
    for name, label in LEAD_PAGES:
        assert f'href="{reverse(name)}"' in nav and label in nav, name
    for name, _ in ADMIN_PAGES:
        assert f'href="{reverse(name)}"' not in nav
    for name, _ in LEAD_PAGES:  # and each of them answers the lead
        assert client.get(reverse(name)).status_code == 200, name


def test_an_admin_also_reaches_the_admin_pages(client, adam):
    nav = _nav(client, adam)
    for name, label in ADMIN_PAGES + LEAD_PAGES:
        assert f'href="{reverse(name)}"' in nav and label in nav, name


def test_an_agent_sees_no_lead_or_admin_page(client, alice):
    nav = _nav(client, alice)
    assert f'href="{reverse("gate:held")}"' in nav and f'href="{reverse("elevation")}"' in nav
    for name, _ in LEAD_PAGES[1:4] + LEAD_PAGES[5:] + ADMIN_PAGES:
        assert f'href="{reverse(name)}"' not in nav, name


def test_an_auditor_sees_the_audit_trail_only(client, audrey):
    nav = _nav(client, audrey)
    assert f'href="{reverse("agents:audit")}"' in nav
    assert f'href="{reverse("gate:held")}"' not in nav and f'href="{reverse("leads:dashboard")}"' not in nav


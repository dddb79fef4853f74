"""What a level passed over says on an escalation's timeline: "no lead of Technical to tell; told the
administrators"; and a retired level read in its replacement's place (`escalation.policy.RETIRED_LEVELS`)."""
from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def told_instead(data: dict) -> str:
    """The levels an entry passed over for having nobody to tell, and who was told instead (`Told.data`).
    `all_leads` stays for entries written while it was followed."""
    queue = data.get("queue_name") or gettext("its queue")
    nobody = {
        "on_duty_leads": gettext("no lead of %(queue)s to tell") % {"queue": queue},
        "queue_leads": gettext("no lead of %(queue)s to tell") % {"queue": queue},
        "all_leads": gettext("no lead of any queue to tell"),
        "admins": gettext("no administrator to tell"),
    }
    told = {
        "on_duty_leads": gettext("told the leads of %(queue)s") % {"queue": queue},
        "queue_leads": gettext("told the leads of %(queue)s") % {"queue": queue},
        "all_leads": gettext("told all leads"),
        "admins": gettext("told the administrators"),
    }
    phrases = list(dict.fromkeys(nobody.get(notify, notify) for notify in data.get("skipped", [])))
    if not data.get("emails"):
        phrases.append(gettext("nobody could be told") if data.get("told") else gettext("nobody is left to tell"))
    else:
        phrases.append(told.get(data.get("told", ""), ""))
    if "all_leads" in data.get("retired", []):
        phrases.append(gettext("“all leads” in its policy is read as the leads of %(queue)s: leads of other queues "
                               "cannot open it") % {"queue": queue})
    return "; ".join(phrases)

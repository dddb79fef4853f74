"""A configured escalation policy that names a retired level (`escalation.policy.RETIRED_LEVELS`) is followed
with the level read in its place; `manage.py check` says so, so the setting can be corrected."""
from django.core.checks import Warning, register

from escalation.policy import RETIRED_LEVELS, escalation_setting


@register()
def retired_levels_check(app_configs, **kwargs) -> list[Warning]:
    named = [notify for notify in escalation_setting("LEVELS") if notify in RETIRED_LEVELS]
    return [
        Warning(
            f"TACT_ESCALATION['LEVELS'] names {notify!r}, which would tell leads of every queue; it is read as "
            f"{RETIRED_LEVELS[notify]!r}.",
            hint="A lead can open only escalations their own queues own, so leads of other queues could not act on "
                 f"the item yet would learn of it. Name {RETIRED_LEVELS[notify]!r} instead (docs/escalations.md).",
            id="escalation.W001",
        )
        for notify in dict.fromkeys(named)
    ]

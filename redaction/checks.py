"""A desk's regions that the phone number library does not know would read no number: `manage.py check` says so."""
import phonenumbers
from django.core.checks import Error, register

from redaction.policy import desk_regions


@register()
def regions_check(app_configs, **kwargs) -> list[Error]:
    return [
        Error(
            f"TACT_REDACTION['REGIONS'] names {region!r}, which is not a region phone numbers are known for.",
            hint="Name each region by its two-letter ISO 3166 code (GB, not UK), e.g. TACT_REGIONS=GB,IE.",
            id="redaction.E001",
        )
        for region in dict.fromkeys(desk_regions())
        if region not in phonenumbers.SUPPORTED_REGIONS
    ]

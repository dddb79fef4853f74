"""redaction.E001: a desk region the phone number library does not know would read no number."""
from django.test import override_settings

from redaction.checks import regions_check


def test_known_regions_in_any_case_raise_nothing():
    with override_settings(TACT_REDACTION={"REGIONS": ["GB", "ie", " AU "]}):
        assert regions_check(None) == []
    assert regions_check(None) == []  # the default: no regions


def test_an_unknown_region_is_an_error_naming_it():
    with override_settings(TACT_REDACTION={"REGIONS": ["GB", "UK", "UK", "GBR"]}):
        messages = regions_check(None)
    assert [(m.id, m.msg) for m in messages] == [
        ("redaction.E001", "TACT_REDACTION['REGIONS'] names 'UK', which is not a region phone numbers are known for."),
        ("redaction.E001", "TACT_REDACTION['REGIONS'] names 'GBR', which is not a region phone numbers are known for."),
    ]

"""What the tests of the checker's classes read from a labelled set share (`test_firstresponse_*_classes.py`):
the three elements a good first reply has, each in a plain form, so a class is tested in a draft that has the
other two, and the warnings a draft gets."""

from escalation.firstresponse import check

EMPATHY = "Sorry about this. "
REQUEST = "Could you send me the order number? "
COMMITMENT = "I'll look into it today."


def codes(text, channel="email"):
    return {w.code for w in check(text, channel=channel)}

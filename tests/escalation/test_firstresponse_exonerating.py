"""The blame head's near misses: a draft that tells the customer the trouble is not on them is not blame.

The learned stage reads a record, a rule or "you" as blame; when the draft says the customer is not at fault,
not alone, that a notice was easy to miss, that we should have told them, or names a rule and then checks whether it
applied to them (the `exonerating` cue, docs/first-response.md), its blame warning is dropped. Each class has a
near-miss twin the model still warns, and a pattern's blame still stands beside the cue. The model here is the
shipped one with its blame threshold at 0, so every draft it reads would be warned without the cue.
"""

import pytest

from escalation.firstresponse import check

from .test_reply_model import shipped_with_thresholds

EAGER = shipped_with_thresholds(blames_customer=0.0, promises_outcome=1.01)

# (exonerating draft, near-miss twin that turns the same facts on the customer)
CLASSES = {
    "not their fault": (
        "This one really isn't your doing: the booking page should have said so. I'll ask the hotel.",
        "This one really is your doing: the booking page said so. I'll ask the hotel.",
    ),
    "not alone": (
        "A handful of other owners have reported the same rattle this month, so you're definitely not alone.",
        "Thousands of owners drive this model without a rattle, so it comes down to how it is driven.",
    ),
    "easy to miss": (
        "The collection slot on the order email is easily missed, sorry. I'll look into a redelivery.",
        "The collection slot was on the order email, so the missed redelivery is down to that.",
    ),
    "we should have told them": (
        "We should have made it clearer that the sale items ship later, and I'll raise it with the store.",
        "The sale items ship later, as the store page says, so this is what you ordered.",
    ),
    "a rule named, then whether it applied": (
        "Late returns do carry a restocking fee, but we'll look into whether it was applied fairly here.",
        "Late returns do carry a restocking fee, and it was applied because you sent it back late.",
    ),
}


def model_blame(text):
    return [w.source for w in check(text, first_response=False, model=EAGER) if w.code == "blames_customer"]


@pytest.mark.parametrize("kind", CLASSES)
def test_a_draft_that_says_it_is_not_on_the_customer_is_not_warned_by_the_blame_head(kind):
    assert model_blame(CLASSES[kind][0]) == []


@pytest.mark.parametrize("kind", CLASSES)
def test_its_twin_that_puts_it_on_the_customer_is_still_warned(kind):
    assert model_blame(CLASSES[kind][1]) in (["model"], ["patterns"])


def test_a_patterns_blame_still_stands_beside_the_cue():
    text = "It's not your fault the parcel was late, but you should have read the delivery terms."
    assert model_blame(text) == ["patterns"]


def test_the_cue_in_the_customers_own_words_quoted_back_does_not_count():
    text = 'You wrote "this is not your fault at all". The tracking shows the parcel went to the safe place.'
    assert model_blame(text) == ["model"]

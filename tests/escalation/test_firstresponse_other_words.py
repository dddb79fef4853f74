"""The classes of the training and development sets' good drafts said in other words (docs/first-response.md):
empathy as a feeling word about what happened, bad luck, a hassle, their patience or feeling named as fair, a
service below what they should expect; a request as all we need or "let me have"; a step by us as taking the case
to someone or someone having picked it up. Each beside a near miss that is still warned."""

import pytest

from tests.escalation.draft_classes import COMMITMENT, EMPATHY, REQUEST, blames, codes


@pytest.mark.parametrize(
    ("empathy", "near_miss"),
    [
        ("What a disappointing end to the trip.", "The trip ends at the harbour."),
        ("That must have been embarrassing at the till.", "Please be patient at the till."),
        ("A flat tyre on the motorway is such rotten luck.", "A flat tyre is covered by the plan."),
        ("Two weeks without hot water is a lot to cope with.", "Two weeks is the usual wait for hot water."),
        ("This has clearly been a real hassle.", "This has clearly been read by the team."),
        ("Thank you for being so patient with us.", "Thanks for being a member with us."),
        ("Your frustration makes complete sense.", "Your account makes a monthly payment."),
        ("This is well below what you should expect from us.", "The fee is below ten pounds."),
    ],
)
def test_empathy_in_other_words_counts(empathy, near_miss):
    assert "missing_empathy" not in codes(f"{empathy} {REQUEST}{COMMITMENT}")
    assert "missing_empathy" in codes(f"{near_miss} {REQUEST}{COMMITMENT}")


@pytest.mark.parametrize(
    ("asking", "near_miss"),
    [
        ("A clear photo of the meter is all I need.", "A clear photo of the meter is on its way."),
        ("All I need now is your booking reference.", "All we need now is a dry day for the fitters."),
        ("Let me have the serial number from the base.", "Let me have a look at the base."),
    ],
)
def test_a_request_as_all_we_need_or_let_me_have_asks(asking, near_miss):
    assert "missing_info_request" not in codes(f"{EMPATHY}{asking} {COMMITMENT}")
    assert "missing_info_request" in codes(f"{EMPATHY}{near_miss} {COMMITMENT}")


@pytest.mark.parametrize(
    ("commitment", "near_miss"),
    [
        ("I'm taking this up with our payments team.", "Please take this up with your bank."),
        ("I'll put your complaint in front of the store manager.", "You can take it to the store for a check."),
        ("I will bring this to the attention of the site manager.", "We don't take this up with couriers."),
        ("Our support lead has picked this up.", "Our support lead is on leave this week."),
    ],
)
def test_a_step_by_us_as_taking_the_case_to_someone_commits(commitment, near_miss):
    assert "missing_commitment" not in codes(f"{EMPATHY}{REQUEST}{commitment}")
    assert "missing_commitment" in codes(f"{EMPATHY}{REQUEST}{near_miss}")


def test_a_hassle_it_has_clearly_been_is_not_blame_but_a_used_item_still_is():
    assert blames("This has clearly been a stressful week for you.") == []
    assert blames("The item has clearly been used.")

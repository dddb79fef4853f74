"""People's names: every staff member's real identity and the customer's colleagues, with the near misses that
must stay clean (aliases, ordinary words that are also names, lower-case words)."""

import pytest

from tests.redaction.findings import found

CTX = {
    "channel": "private",
    "customer": {"name": "Priya Raman", "handle": "ledger_fan", "organization": "Acme Ltd"},
    "contacts": [
        {"name": "Owen Fraser", "phone": "+44 7700 900456", "email": "owen.fraser@acme.example"},
        {"name": "Jonas Weber"},
        {"name": "Will Hart"},
    ],
    "agent": {"alias": "Harbor Wren", "real_name": "Alicia Stone"},
    "staff": [
        {"name": "Alicia Stone", "username": "astone", "email": "alicia.stone@helpwise.example"},
        {"name": "Samuel Okafor", "username": "sokafor", "email": "samuel.okafor@helpwise.example"},
        {"name": "Grace Lin", "username": "glin", "email": "grace.lin@helpwise.example"},
        {"name": "Tom Admin", "username": "admin", "email": ""},
    ],
    "company": {"names": ["Helpwise"], "domains": ["helpwise.example"]},
}


@pytest.mark.parametrize(
    "text, value",
    [
        ("Samuel from our billing team will sort it out.", "Samuel"),
        ("I have passed this to Samuel Okafor.", "Samuel Okafor"),
        ("Ms Okafor in billing has the details.", "Okafor"),
        ("Okafor confirmed the refund.", "Okafor"),
        ("You can reach sokafor on the forum.", "sokafor"),
        ("Write to samuel.okafor@helpwise.example directly.", "samuel.okafor@helpwise.example"),
        ("Grace from accounts will call you.", "Grace"),
        ("Ask Grace about it.", "Grace"),
        ("Thanks, Alicia", "Alicia"),
        ("Our billing lead, Okafor, has signed off the refund.", "Okafor"),  # a surname is a name like a first
        ("I've let S. Okafor know as well.", "S. Okafor"),  # an initial and the surname
        ("samuel in billing is on it.", "samuel"),  # lower case where a sentence starts
        ("Here is where things stand:\n- samuel is on it.", "samuel"),  # or a list item
        ("I will ask samuel today.", "samuel"),  # or with a strong cue
    ],
)
def test_a_colleagues_real_name_username_or_email_is_held_on_every_channel(text, value) -> None:
    for channel in ("public", "private"):
        assert found(text, {**CTX, "channel": channel}, owner=True) == [
            (found(text, CTX, owner=True)[0][0], "agent", value)
        ]


@pytest.mark.parametrize(
    "text",
    [
        "Harbor Wren here: I will look at it today.",  # the author's alias is public
        "Our admin console shows the change.",  # a username that is a role word identifies nobody
        "By the grace of a quick fix, it works again.",  # lower case: an ordinary word
        "Grace period: you have 30 days to pay.",  # a name that is an ordinary word, without a cue
        "We will samuel-proof nothing.",  # lower case
        "The Stone bridge is closed.",  # a surname that is an ordinary word, without a cue
        "grace period ends on Friday.",  # lower case where a sentence starts, but an ordinary word
    ],
)
def test_aliases_and_ordinary_words_are_not_staff_names(text) -> None:
    assert found(text, CTX, owner=True) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("Please ask Owen.", "Owen"),
        ("We will ring Owen tomorrow.", "Owen"),
        ("Could you copy Jonas on the reply?", "Jonas"),
        ("Jonas will get the invoice.", "Jonas"),
        ("I looped in Owen and Jonas.", "Owen"),
        ("Will said the export works now.", "Will"),
        ("Please ask Will, he set it up.", "Will"),
        # What was done to them.
        ("Sorry, Will has been reassigned to another team.", "Will"),
        ("Will had been asked to send it twice.", "Will"),
    ],
)
def test_the_customers_colleagues_are_found_whatever_the_verb(text, value) -> None:
    assert (("person", "contact", value)) in found(text, CTX, owner=True)


def test_a_colleagues_name_and_number_in_one_reply_are_both_found() -> None:
    text = "You could ring Owen on +44 7700 900456 tomorrow."
    assert found(text, CTX, owner=True) == [
        ("person", "contact", "Owen"),
        ("phone", "contact", "+44 7700 900456"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Will you send the export again?",  # "Will" at the start of a question
        "The will of the board is clear.",
        "Will has been a busy week for us.",  # not what was done to anyone
        "We owe nothing on the invoice.",
        "The jonas brothers song is unrelated.",  # lower case
    ],
)
def test_near_misses_of_colleagues_names_stay_clean(text) -> None:
    assert found(text, CTX, owner=True) == []


# The customer shares a first name with a member of staff (Harper Lee) who is not the reply's author.
SHARED = {
    "channel": "private",
    "customer": {"name": "Harper Quinn"},
    "agent": {"alias": "Harbor Wren", "real_name": "Alicia Stone"},
    "staff": [
        {"name": "Alicia Stone", "username": "astone", "email": "alicia.stone@helpwise.example"},
        {"name": "Harper Lee", "username": "hlee", "email": "harper.lee@helpwise.example"},
        {"name": "Alex Moreau", "username": "quinn", "email": ""},
    ],
}
# The customer's full name is a member of staff's.
SAME = {**SHARED, "customer": {"name": "Harper Lee"}}


@pytest.mark.parametrize(
    "text, value, context",
    [
        ("Hi Harper, your refund is on its way.", "Harper", SHARED),
        ("hello harper! The refund went out today.", "harper", SHARED),
        ("Dear Harper,\n\nThe refund went out today.", "Harper", SHARED),
        ("Thanks for your patience, Harper!", "Harper", SHARED),
        ("Sorry for the wait, Harper. The refund went out today.", "Harper", SHARED),
        ("Harper, your refund went out today.", "Harper", SHARED),
        ("Thanks, Harper, the refund went out today.", "Harper", SHARED),
        ("The refund for Harper Quinn went out today.", "Harper Quinn", SHARED),  # their full name around it
        ("Hi Quinn, the refund went out today.", "Quinn", SHARED),  # a staff username that is their surname
        ("Dear Harper Lee,\n\nThe refund went out today.", "Harper Lee", SAME),
        ("Dear Ms Lee, the refund went out today.", "Lee", SAME),
    ],
)
def test_a_staff_name_the_customer_shares_said_to_them_is_their_own_name(text, value, context) -> None:
    """Allowed where only the customer reads the reply; held on a public channel, as the customer's name."""
    assert found(text, context, owner=True) == []
    assert found(text, {**context, "channel": "public"}, owner=True) == [("person", "customer", value)]


@pytest.mark.parametrize(
    "text, value, context",
    [
        ("Harper from our billing team will call you.", "Harper", SHARED),  # where they work
        ("Hi Harper, Harper from our billing team will call you.", "Harper", SHARED),  # the second one
        ("I have asked Harper to check the refund.", "Harper", SHARED),  # what one does with a person
        ("Harper said the refund went out.", "Harper", SHARED),  # what a person does
        ("Harper is looking into the refund.", "Harper", SHARED),  # no cue either way: spoken about
        ("I passed it to our billing lead, Harper.", "Harper", SHARED),  # beside their role at the desk
        ("I passed it to my colleague, Harper.", "Harper", SHARED),
        ("The refund is on its way.\n\nBest regards,\nHarper", "Harper", SHARED),  # a sign-off
        ("The refund is on its way.\n\nThanks,\nHarper", "Harper", SHARED),
        ("The refund is on its way.\nThanks, Harper", "Harper", SHARED),
        ("The refund is on its way.\n\nHarper", "Harper", SHARED),  # a line of its own: a signature
        ("Harper Lee from our billing team will call you.", "Harper Lee", SAME),
        ("The refund is on its way.\n\nRegards,\nHarper Lee", "Harper Lee", SAME),
        ("Harper Lee approved the refund.", "Harper Lee", SAME),
    ],
)
def test_a_shared_name_spoken_of_as_a_person_stays_the_staff_members(text, value, context) -> None:
    for channel in ("private", "public"):
        assert found(text, {**context, "channel": channel}, owner=True)[-1] == ("person", "agent", value)


def test_a_staff_name_the_customer_does_not_share_is_held_in_a_greeting_too() -> None:
    assert found("Hi Alicia, the refund went out.", SHARED, owner=True) == [("person", "agent", "Alicia")]


# The customer shares a surname with a contact (her father) and with someone a private message names (her son).
FAMILY = {
    "channel": "private",
    "customer": {"name": "Ilse Brandauer", "handle": "ibrandauer_b"},
    "contacts": [{"name": "Gerold Brandauer", "role": "father", "email": "g.brandauer@mail.example"}],
    "private_messages": ["My son Tobias Brandauer will be home to sign for the parcel."],
}


@pytest.mark.parametrize(
    "text, value",
    [
        ("Dear Ms Brandauer,\n\nThe replacement went out today.", "Brandauer"),
        ("Hi Ms. Brandauer, the replacement went out today.", "Brandauer"),
        ("Liebe Frau Brandauer,\n\nder Ersatz ist heute rausgegangen.", "Brandauer"),
        ("Sehr geehrte Frau Brandauer,\n\nder Ersatz ist heute rausgegangen.", "Brandauer"),
        ("Thanks for your patience, Brandauer!", "Brandauer"),
    ],
)
def test_a_surname_family_shares_said_to_the_customer_is_their_own_name(text, value) -> None:
    """Allowed where only the customer reads the reply; held on a public channel, as the customer's name."""
    assert found(text, FAMILY, owner=True) == []
    assert found(text, {**FAMILY, "channel": "public"}, owner=True) == [("person", "customer", value)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("Mr Brandauer will get a copy of the invoice.", "Brandauer"),  # spoken of, not to
        ("We'll ask Mr Brandauer to sign for it.", "Brandauer"),
        ("Your father Gerold Brandauer will get a copy.", "Gerold Brandauer"),
        ("We'll leave it with Tobias Brandauer.", "Tobias Brandauer"),
    ],
)
def test_a_shared_surname_spoken_of_stays_the_other_person_s(text, value) -> None:
    findings = found(text, FAMILY, owner=True)
    assert " ".join(said for _, _, said in findings) == value
    assert {(kind, owner) for kind, owner, _ in findings} == {("person", "contact")}


@pytest.mark.parametrize(
    "handle, shown",
    [
        ("PriyaBakes", True),  # joined by its capitals
        ("Priya_R", True),
        ("bakes4priya", True),  # joined by a digit
        ("PRIYA", True),
        ("PriyankaBakes", False),  # another name that starts the same
        ("priyabakes", False),  # nothing says where the words part
        ("priyar_yeg", True),  # the first name and the surname's initial, as handles are made
        ("priyaz_yeg", False),  # another letter than the surname's
    ],
)
def test_a_first_name_a_public_handle_shows_is_public(handle, shown) -> None:
    context = {"channel": "public", "customer": {"name": "Priya Raman", "handle": handle}}
    assert found("Hi Priya, we're on it.", context, owner=True) == ([] if shown else [("person", "customer", "Priya")])
    assert found("Thanks, Ms Raman, we're on it.", context, owner=True) == [("person", "customer", "Raman")]

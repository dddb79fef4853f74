"""Names customers read that staff may write (`tickets.names`): what the check refuses, what it lets through, and
that a refused name is never shown to a customer."""
import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from agents.models import Role
from tests.factories import CustomerFactory, OrganizationFactory, StaffFactory, UserFactory
from tickets.names import organization_people, public_name_check, public_names_shown

pytestmark = pytest.mark.django_db


def _agent(username: str, first: str, last: str):
    user = UserFactory(username=username, first_name=first, last_name=last, email=f"{username}@home.example")
    StaffFactory(user=user, role=Role.AGENT)
    return user


@pytest.fixture
def harper(db):
    """An agent whose first name is also a surname businesses are named after, and two colleagues whose
    usernames are a plain first name and a login with a dot."""
    _agent("alex", "Alexander", "Moreau")
    _agent("s.okafor", "Samuel", "Okafor")
    return _agent("hlee", "Harper", "Lee")


def _refusal(value: str, *, person: bool = False, **people) -> str:
    with pytest.raises(ValidationError) as caught:
        public_name_check(value=value, field="name", person=person, **people)
    return caught.value.message_dict["name"][0]


@pytest.mark.parametrize("name", [
    "Harper Logistics",  # a staff member's first name alone is an ordinary part of names
    "Lee & Harper Partners",
    "H. Lee Ltd",
    "O'Brien & Söhne",
    "Zoë Ñúñez-García",
    "Jean-Luc d’Artagnan SARL",
    "Müller-Lüdenscheidt GmbH",
    "株式会社ハーパー",
    "7-Eleven",
    "1234567 Ontario Inc.",  # a numbered company: seven digits are no phone number
    "9123-4567 Québec Inc.",
    "Route 66 Diner",
    "Alex Chen",  # a username that is a plain word ("alex") is read as one
    "S. Okafor & Sons",  # an initial and surname, though "s.okafor" is a username
])
@pytest.mark.parametrize("person", [False, True])
def test_legitimate_names_pass_with_an_agent_called_harper(harper, alice, name, person):
    assert public_name_check(value=f"  {name} ", field="name", person=person) == name


@pytest.mark.parametrize(("name", "what", "words"), [
    ("Harper Lee Logistics", "the real name or username of a member of staff", "Harper Lee"),
    ("Acme (ask Alicia Realname)", "the real name or username of a member of staff", "Alicia Realname"),
    ("Acme, attn hlee", "the real name or username of a member of staff", "hlee"),
    ("Acme, attn s.okafor", "the real name or username of a member of staff", "s.okafor"),
    ("Acme hlee@home.example", "an email address", "hlee@home.example"),
    ("Acme, hlee at home dot example", "an email address", "hlee at home dot example"),
    ("Acme — billing: info@acme.example", "an email address", "info@acme.example"),
    # A first name the check lets through does not hide the address around it.
    ("Acme Harper@mail.example", "an email address", "Harper@mail.example"),
    ("Acme +44 20 7946 0958", "a phone number", "+44 20 7946 0958"),
    ("Acme (212) 555-0123", "a phone number", "(212) 555-0123"),
    ("Acme 4539 1488 0343 6467", "a card number", "4539 1488 0343 6467"),
    ("Acme DE89 3704 0044 0532 0130 00", "a bank account number", "DE89 3704 0044 0532 0130 00"),
])
def test_a_name_holding_what_a_name_never_needs_is_refused_saying_what_and_where(harper, alice, name, what, words):
    assert _refusal(name) == (
        f"Customers read this name, so it cannot hold {what} (“{words}”). Remove it: a name needs none."
    )


def test_a_persons_name_may_be_exactly_a_staff_members_but_an_organizations_may_not(harper):
    assert public_name_check(value="Harper  Lee", field="name", person=True) == "Harper Lee"
    assert "(“Harper Lee”)" in _refusal("Harper Lee")
    assert "(“Harper Lee”)" in _refusal("Harper Lee-Jones", person=True)
    assert "(“Harper Lee”)" in _refusal("Pat Smith, for Harper Lee", person=True)


def test_the_readers_own_details_are_refused_in_any_form(db):
    """A national number reads as a phone in the region of the people who read the name: their numbers are known."""
    organization = OrganizationFactory(name="Acme")
    CustomerFactory(organization=organization, phones=["+61 412 345 678"], emails=["pat@acme.example"])
    emails, phones = organization_people(organization)
    assert (emails, phones) == (["pat@acme.example"], ["+61 412 345 678"])
    assert public_name_check(value="Acme 0412 345 678", field="name", person=False) == "Acme 0412 345 678"
    assert "(“0412 345 678”)" in _refusal("Acme 0412 345 678", emails=emails, phones=phones)
    assert "an email address (“pat at acme dot example”)" in _refusal(
        "Acme, pat at acme dot example", emails=emails, phones=phones
    )


def test_what_customers_are_shown_withholds_refused_names(harper):
    shown = public_names_shown([("Harper Lee", True), ("Harper Lee", False), ("", False), ("Harper Logistics", False),
                                ("Pat hlee", True)])
    assert shown == ["Harper Lee", None, "", "Harper Logistics", None]



def test_a_national_number_of_a_region_the_desk_serves_is_refused(db):
    """Without the readers' numbers, the desk's regions (TACT_REDACTION["REGIONS"]) read a national number too."""
    assert public_name_check(value="Acme 020 7946 0958", field="name", person=False) == "Acme 020 7946 0958"
    with override_settings(TACT_REDACTION={"REGIONS": ["gb"]}):
        assert "a phone number (“020 7946 0958”)" in _refusal("Acme 020 7946 0958")
        # A numbered company is still no phone number in a region the desk serves.
        assert public_name_check(value="1234567 Ontario Inc.", field="name", person=False) == "1234567 Ontario Inc."


def test_a_customers_own_email_and_number_in_a_name_are_theirs_to_read_and_nobody_elses(harper):
    """Shown to the customer whose details they are, their own email (in any case) and number (in any format)
    refuse nothing; to anyone else, or to the public, they are withheld as before."""
    dave = CustomerFactory(emails=["Dave.Moss@Mail.example"], phones=["+44 20 7946 0958"])
    erin = CustomerFactory(emails=["erin@mail.example"], phones=[])
    names = [("dave.moss@mail.example", True), ("Dave 020 7946 0958", True), ("Dave, erin@mail.example", True),
             ("Dave (hlee@home.example)", True), ("Dave Moss", True)]
    with override_settings(TACT_REDACTION={"REGIONS": ["gb"]}):
        assert public_names_shown(names, reader=dave) == [
            "dave.moss@mail.example", "Dave 020 7946 0958", None, None, "Dave Moss",
        ]
        assert public_names_shown(names, reader=erin) == [None, None, "Dave, erin@mail.example", None, "Dave Moss"]
        assert public_names_shown(names) == [None, None, None, None, "Dave Moss"]

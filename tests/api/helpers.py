"""Assertions shared by the API tests."""

STAFF_IDENTITY_MARKERS = ("Realname", "alice", "bob", "carol", "cora", "adam", "home.example")


def assert_no_staff_identity(response) -> None:
    """Nothing in a customer-facing response may name a staff member: no real name, username or email."""
    text = response.content.decode()
    for marker in STAFF_IDENTITY_MARKERS:
        assert marker not in text, f"{marker!r} leaked in {text[:500]}"

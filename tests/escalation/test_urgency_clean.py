"""Clean near misses: the classes of harmless text the rules used to flag."""

from escalation.detection.phrases import phrase_compile


def test_a_phrase_reaches_past_an_ellipsis_but_not_a_full_stop():
    regex = phrase_compile("coming for you ..3 to pick up").regex
    assert regex.search("i'm coming for you... to pick up my parcel")
    assert regex.search("i'm coming for you.. to pick up my parcel")
    assert regex.search("i'm coming for you … to pick up my parcel")
    assert not regex.search("i'm coming for you. to pick up my parcel")
    assert not regex.search("i'm coming for you! to pick up my parcel")

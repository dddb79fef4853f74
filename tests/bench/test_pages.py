"""bench/pages.py's pure parts: how it finds the next page and judges a row against the targets."""
import json

from bench import pages


def test_the_next_link_is_read_from_the_inbox_and_the_api():
    html = b'<nav><a href="/inbox/?view=all&amp;page=3" rel="prev">Previous</a>' \
           b'<a href="/inbox/?view=all&amp;page=5" rel="next">Next</a></nav>'
    assert pages._next_of(html, api=False) == "/inbox/?view=all&page=5"
    assert pages._next_of(b'<a rel="next" href="/inbox/?cursor=abc">Older</a>', api=False) == "/inbox/?cursor=abc"
    assert pages._next_of(b"<p>last page</p>", api=False) is None
    body = json.dumps({"next": "https://desk.example/api/tickets/?cursor=cD0y", "results": []}).encode()
    assert pages._next_of(body, api=True) == "/api/tickets/?cursor=cD0y"
    assert pages._next_of(json.dumps({"next": None}).encode(), api=True) is None


class _Pages:
    """A stand-in connection answering page N with a link to page N + 1 (by number or by cursor)."""

    def __init__(self, cursor: bool):
        self.cursor, self.asked = cursor, []

    def request(self, method, path, body=None):
        self.asked.append(path)
        n = len(self.asked) + 1
        link = f"/inbox/?view=all&cursor=c{n}" if self.cursor else f"/inbox/?view=all&page={n}"
        return 200, f'<a href="{link}" rel="next">Next</a>'.encode(), {}


def test_a_page_number_is_asked_for_directly_and_a_cursor_is_followed():
    numbered = _Pages(cursor=False)
    assert pages.deep_path(numbered, "/inbox/?view=all", api=False)[0] == f"/inbox/?view=all&page={pages.DEEP_PAGE}"
    assert len(numbered.asked) == 1
    cursored = _Pages(cursor=True)
    path, how = pages.deep_path(cursored, "/inbox/?view=all", api=False)
    assert path == f"/inbox/?view=all&cursor=c{pages.DEEP_PAGE}" and "cursor" in how
    assert len(cursored.asked) == pages.DEEP_PAGE - 1  # page 1, then 498 links to reach the link to page 500


def test_a_row_passes_only_within_both_targets_and_without_errors():
    fast = pages.Endpoint("x", "agent", "/x/", times=[0.010] * 100, rps=50)
    assert fast.passed
    assert not pages.Endpoint("x", "agent", "/x/", times=[0.010] * 90 + [0.080] * 10, rps=50).passed
    assert not pages.Endpoint("x", "agent", "/x/", times=[0.010] * 100, rps=39).passed
    assert pages.Endpoint("s", "agent", "/s/", target_ms=100, times=[0.090] * 100, rps=40).passed
    fast.errors.append("answered 500")
    assert not fast.passed

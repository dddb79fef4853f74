"""Reading parts of pages the way the browser does."""
from django.urls import reverse


def history_fragment(client, ticket, part: str = "recent") -> str:
    """The ticket page's history, as htmx loads it when the agent opens it (`part`: "recent" or "all")."""
    response = client.get(reverse("ticket_detail", args=[ticket.reference]), {"history": part},
                          headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.content.decode()
    return response.content.decode()

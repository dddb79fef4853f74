from django.urls import reverse

from agents.avatars import avatar_svg


def test_same_seed_draws_the_same_picture_and_other_seeds_differ():
    assert avatar_svg("k3x9") == avatar_svg("k3x9")
    assert avatar_svg("k3x9") != avatar_svg("k3y9")


def test_avatar_is_a_public_cacheable_svg(client, db):
    response = client.get(reverse("agents:avatar", kwargs={"seed": "abc123"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=31536000" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert response.content.decode().startswith("<svg")
    assert "<image" not in response.content.decode()  # drawn, never a photo


def test_odd_seed_is_not_found(client, db):
    assert client.get("/team/avatar/a.b.svg").status_code == 404

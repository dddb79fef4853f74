"""A new desk's first administrator: `createsuperuser` makes an account that no page opens to (roles decide),
and `manage.py first_admin` gives it the role, once."""
import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from agents.models import AuditEntry, Role
from agents.permissions import Perm, can


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@desk.example", "a long passphrase 4 the desk")


def test_the_createsuperuser_account_becomes_the_admin_and_enters_the_admin(client, superuser):
    client.force_login(superuser)
    refused = client.get("/admin/tickets/queue/")
    assert refused.status_code == 302 and "/admin/login/" in refused.url  # a superuser without a role
    call_command("first_admin", "root")
    superuser.refresh_from_db()
    assert superuser.staff.role == Role.ADMIN and superuser.staff.access_expires_at is None
    assert AuditEntry.objects.filter(action="staff.first_admin").count() == 1
    superuser = User.objects.get(pk=superuser.pk)
    assert can(superuser, Perm.ADMIN_SITE)
    client.force_login(superuser)
    enrol = client.get("/admin/tickets/queue/")  # an admin enrols a second factor first, then goes on
    assert enrol.status_code == 302 and enrol.url.startswith("/team/security/")


def test_once_the_desk_has_an_admin_roles_go_through_grants(superuser, adam):
    with pytest.raises(CommandError, match="has an administrator"):
        call_command("first_admin", "root")
    assert not hasattr(User.objects.get(pk=superuser.pk), "staff")


def test_an_admin_whose_access_ended_does_not_count(superuser, adam):
    adam.is_active = False
    adam.save()
    call_command("first_admin", "root")
    assert User.objects.get(pk=superuser.pk).staff.role == Role.ADMIN


def test_an_unknown_account_is_refused(db):
    with pytest.raises(CommandError, match="create it first"):
        call_command("first_admin", "nobody")

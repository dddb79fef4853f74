"""The worker's step stays cheap: scanning and publishing a clean reply takes a small, fixed number of queries.

The count does not grow with the customer's history or their organization's contacts (no N+1), and the
author's persona is read with the reply rather than looked up again.
"""

import pytest

from redaction import gate
from redaction.models import ReplyVersion, VersionStatus
from tests.factories import ContactFactory, MessageFactory, OrganizationFactory
from tests.redaction.conftest import CLEAN
from tickets.models import MessageKind

pytestmark = pytest.mark.django_db

# claim 4 (savepoints included) + reply 1 + context 6 + verdict 3 + publication 14 (its outbox row included).
MAX_QUERIES = 28


def test_clean_reply_is_scanned_and_published_in_a_fixed_number_of_queries(
    alice, dave, dave_post, submit, notified, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory()
    dave.customer.organization = organization
    dave.customer.save(update_fields=["organization"])
    ContactFactory.create_batch(12, organization=organization)
    MessageFactory.create_batch(8, ticket=dave_post, kind=MessageKind.CUSTOMER, author_customer=dave.customer)
    version = submit(dave_post, alice, CLEAN)
    with django_assert_max_num_queries(MAX_QUERIES), django_capture_on_commit_callbacks(execute=True):
        gate.reply_scan(version_id=version.pk)
    assert ReplyVersion.objects.get(pk=version.pk).status == VersionStatus.PUBLISHED
    assert len(notified) == 1

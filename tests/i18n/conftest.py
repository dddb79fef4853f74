from tests.notifications.conftest import published_reply  # noqa: F401  (the reply emails are about)

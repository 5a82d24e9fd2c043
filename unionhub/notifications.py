"""站内消息 and e-mail: call notify() from services when something happens to a user."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from unionhub.models import Notification

log = logging.getLogger(__name__)


def notify(users, *, title, url="", body=""):
    """Send an in-app message to each user (skipping None and duplicates); e-mail those with an address."""
    seen = set()
    rows = []
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, title=title[:200], url=url, body=body))
        if user.email:
            try:
                send_mail(title, f"{body}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [user.email])
            except Exception:  # mail must never break the workflow
                log.exception("could not e-mail %s", user.email)
    Notification.objects.bulk_create(rows)
    return rows

"""Found in a hands-on pass through the demo: inputs a real officer could type that used to be accepted."""

import datetime

import pytest
from django.urls import reverse

from tests.welfare.conftest import TODAY
from welfare.models import AidApplication

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _act(client, application, name, data):
    return client.post(reverse("welfare:application_action", args=[application.pk, name]), data, follow=True)


def test_publicity_cannot_be_backdated_before_the_application(client_as, welfare_officer, application):
    """A 公示 from 2020 for a 2026 application was accepted, already over, and approvable at once."""
    client = client_as(welfare_officer)
    _act(client, application, "review", {"review-amount": "1000"})
    start = application.applied_on - 30 * DAY
    response = _act(
        client,
        application,
        "publicize",
        {"publicize-start": start.isoformat(), "publicize-end": (start + 5 * DAY).isoformat()},
    )
    assert f"公示开始日期不能早于申请日期 {application.applied_on:%Y-%m-%d}" in response.content.decode()
    application.refresh_from_db()
    assert application.status == AidApplication.Status.REVIEWED and application.publicity_start is None


def test_payment_dates_cannot_precede_the_publicity_or_the_application(client_as, welfare_officer, application):
    client = client_as(welfare_officer)
    _act(client, application, "review", {"review-amount": "1000"})
    _act(client, application, "publicize", {"publicize-start": TODAY.isoformat(), "publicize-end": TODAY.isoformat()})
    _act(client, application, "approve", {"approve-amount": "1000", "approve-source": "upper"})
    response = _act(
        client, application, "pay", {"pay-paid_on": (TODAY - DAY).isoformat(), "pay-submitted_up_on": TODAY.isoformat()}
    )
    assert f"发放日期不能早于公示结束日期 {TODAY:%Y-%m-%d}" in response.content.decode()
    response = _act(client, application, "pay", {"pay-paid_on": TODAY.isoformat(), "pay-submitted_up_on": "1999-01-01"})
    assert "上报上级工会日期不能早于申请日期" in response.content.decode()
    application.refresh_from_db()
    assert application.status == AidApplication.Status.APPROVED and application.paid_on is None
    _act(client, application, "pay", {"pay-paid_on": TODAY.isoformat(), "pay-submitted_up_on": TODAY.isoformat()})
    application.refresh_from_db()
    assert application.status == AidApplication.Status.PAID

"""List pages run a fixed number of queries, whatever the amount of data.

Every page pays for: session, user, roles (groups), the linked member (menu), unread
notifications (navbar). The rest is per page and noted beside each case.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import WorkStatus
from tests.welfare.conftest import TODAY
from welfare import services
from welfare.models import AccessLog, AidApplication, Donation, DonationCampaign, HardshipFile, LifeEvent, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def grow(make_member, occasion, welfare_officer, member):
    """grow(n): add n members each with visits, a life event, a hardship file, an application, a donation."""
    campaign = DonationCampaign.objects.create(name="献爱心", date=TODAY, recipient="困难职工")

    def add(n):
        for _ in range(n):
            m = make_member(retired_on=TODAY + datetime.timedelta(days=10))
            Visit.objects.create(member=m, occasion=occasion, reason="住院", visit_date=TODAY, amount=Decimal("300"))
            Visit.objects.create(
                member=m, occasion=occasion, reason="节日", status="planned", festival="spring", event_date=TODAY
            )
            Visit.objects.create(member=member.member, occasion=occasion, reason="我的", visit_date=TODAY)
            LifeEvent.objects.create(member=m, occasion=occasion, date=TODAY)
            f = HardshipFile.objects.create(
                member=m, category="deep", main_reason="illness", household_size=3, household_income=1000,
                opened_on=TODAY, bank_account="6228480012345678901",
            )  # fmt: skip
            a = services.create_application(
                by=welfare_officer, member=m, kind="living", reason="困难", applied_on=TODAY
            )
            AidApplication.objects.filter(pk=a.pk).update(
                status="publicized", amount=1000, publicity_start=TODAY, publicity_end=TODAY
            )
            AccessLog.objects.create(user=welfare_officer, action="view", hardship_file=f, application=a)
            DonationCampaign.objects.create(name="一日捐", date=TODAY, recipient="慈善会")
            Donation.objects.create(campaign=campaign, member=m, amount=10)

    return add


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PERIOD = f"?start={(TODAY - datetime.timedelta(days=5)).isoformat()}&end={TODAY.isoformat()}"

# About 8 queries are common to every page (session, user, roles, linked member, menu, unread count,
# home-page checks of the navbar); the rest is per page, as noted. N is the ceiling for any data size.
CASES = [
    # (persona, url name, query string, N, page queries)
    ("officer", "welfare:visit_list", "", 13, "occasions, departments, totals, count, page"),
    ("officer", "welfare:visit_list", "?status=planned&year=2026", 13, "same with filters"),
    ("member", "welfare:my_visits", "", 10, "count, page"),
    ("officer", "welfare:reminders", "", 13, "retiring, unvisited, planned groups, retirement occasion"),
    ("welfare_officer", "welfare:file_list", "", 11, "count, page, access log insert"),
    ("welfare_officer", "welfare:application_list", "", 11, "count, page, access log insert"),
    ("member", "welfare:publicity", "", 9, "one query"),
    ("chair", "welfare:access_log", "", 11, "count, page; the chair's menu also counts 提案审查"),
    ("officer", "welfare:campaign_list", "", 10, "count, page"),
    ("officer", "welfare:standard_list", "", 10, "standards, occasions"),
    ("officer", "welfare:sign_sheet", PERIOD, 10, "occasions (form), visits"),
    ("officer", "welfare:sign_sheet_print", PERIOD, 9, "visits"),
]


@pytest.mark.parametrize("persona,name,query,n,_what", CASES)
def test_list_page_queries_do_not_grow(
    request, client_as, grow, django_assert_max_num_queries, persona, name, query, n, _what
):
    client = client_as(request.getfixturevalue(persona))
    url = reverse(name) + query
    grow(2)
    small = queries(client, url)
    grow(8)
    with django_assert_max_num_queries(n):
        assert client.get(url).status_code == 200
    assert queries(client, url) == small, f"{url}: query count grew with the data"


def test_festival_candidates_query_is_constant(make_member, officer, django_assert_max_num_queries):
    for _ in range(5):
        make_member(work_status=WorkStatus.RETIRED)
    # savepoint + occasion + existing list + candidates + one bulk insert
    with django_assert_max_num_queries(6):
        created, _ = services.create_festival_visits(festival="spring", event_date=TODAY, by=officer)
    assert created == 5

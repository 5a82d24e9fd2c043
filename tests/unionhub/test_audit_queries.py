"""Issue 6: the chair's 操作日志 within 15 queries whatever the trail holds.

Each entry shows the objects its foreign keys point to by name (unionhub/audit.py). The trail is
built with every audited model whose foreign keys reach another table (members, proposals,
answers, visits, hardship files, aid applications, results, matches), in turns so that one page
mixes them all, 3 vs 10 of each: the page costs the same number of queries for both.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

BUDGET = 15
TODAY = timezone.localdate()


@pytest.fixture
def trail(make_member, department, other_department, officer):
    from activities.models import Division, Entry, EntryMember, Event, Match, Meet, Result, Unit
    from congress.models import Answer, Proposal, ProposalCategory, Session, Term
    from welfare.models import AidApplication, HardshipFile, Occasion, Visit

    term = Term.objects.create(number=6, is_current=True)
    session = Session.objects.create(
        term=term, number=1, meeting_date=TODAY, collection_start=TODAY, collection_end=TODAY
    )
    category = ProposalCategory.objects.get_or_create(name="福利待遇")[0]
    occasion = Occasion.objects.get(code="hospital")
    meet = Meet.objects.create(
        name="运动会", start_date=TODAY, age_reference_date=TODAY, entry_opens=TODAY, entry_closes=TODAY,
        created_by=officer,
    )  # fmt: skip
    unit = Unit.objects.create(meet=meet, name=department.name, department=department)
    division = Division.objects.create(meet=meet, name="男子组")

    def make(n, tag):
        for i in range(n):
            m = make_member(name=f"会员{tag}{i}")
            p = Proposal.objects.create(
                session=session, category=category, proposer=m, title=f"提案{tag}{i}", reason="r", suggestion="s",
                lead_department=other_department,
            )  # fmt: skip
            Answer.objects.create(
                proposal=p, round=1, department=other_department, answer_type="solved", text="t", answered_by=officer
            )
            Visit.objects.create(
                member=m, occasion=occasion, reason="住院", visit_date=TODAY, amount=Decimal("500"), created_by=officer
            )
            f = HardshipFile.objects.create(
                member=m, category=HardshipFile.Category.DEEP, main_reason=HardshipFile.Reason.ILLNESS,
                household_size=3, household_income=Decimal("1000"), opened_on=TODAY, created_by=officer,
            )  # fmt: skip
            AidApplication.objects.create(
                member=m, hardship_file=f, kind=AidApplication.Kind.MEDICAL, reason="r",
                requested_amount=Decimal("100"), applied_on=TODAY, created_by=officer,
            )  # fmt: skip
            event = Event.objects.create(meet=meet, division=division, name=f"跳绳{tag}{i}", measure="count")
            entries = []
            for side in "ab":
                e = Entry.objects.create(event=event, unit=unit)
                EntryMember.objects.create(entry=e, event=event, member=make_member(name=f"运动员{tag}{i}{side}"))
                entries.append(e)
            Result.objects.create(entry=entries[0], mark=120, recorded_by=officer)
            Match.objects.create(event=event, number=1, kind="main", round_no=1, entry_a=entries[0], entry_b=entries[1])

    return make


def count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_audit_log_queries_do_not_grow_with_the_trail(client_as, chair, trail):
    from auditlog.models import LogEntry

    client = client_as(chair)
    trail(3, "小")
    client.get(reverse("audit_log"))  # content types are cached after the first request
    n_small, body = count(client, reverse("audit_log"))
    assert "会员小2" in body and "提案小2" in body and "运动员小2a" in body
    trail(10, "大")
    assert LogEntry.objects.count() > 100  # several pages
    n_big, body = count(client, reverse("audit_log"))
    assert n_big == n_small <= BUDGET
    # foreign keys by name: the hardship file through its member, the entry through its athlete,
    # the event with its division, the department, the occasion
    for text in ("会员大9", "运动员大9a", "男子组 跳绳大9", "住院"):
        assert text in body, text
    n_page2, body = count(client, reverse("audit_log") + "?page=2")
    assert n_page2 <= BUDGET and "已删除" not in body


def test_hardship_file_and_entry_are_named_through_what_they_point_to(client_as, chair, trail):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from activities.models import Match, Result
    from welfare.models import AidApplication, HardshipFile

    trail(2, "甲")
    client = client_as(chair)
    aid = ContentType.objects.get_for_model(AidApplication).pk
    body = client.get(reverse("audit_log") + f"?model={aid}").content.decode()
    assert str(HardshipFile.objects.get(member__name="会员甲1")) in body
    result = ContentType.objects.get_for_model(Result).pk
    body = client.get(reverse("audit_log") + f"?model={result}").content.decode()
    assert "运动员甲1a" in body
    match = ContentType.objects.get_for_model(Match).pk
    body = client.get(reverse("audit_log") + f"?model={match}").content.decode()
    assert "男子组 跳绳甲1" in body and "运动员甲1b" in body
    assert LogEntry.objects.filter(content_type_id=match).count() == 2

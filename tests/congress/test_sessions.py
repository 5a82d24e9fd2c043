"""Officers keep terms, sessions, items voted and attendance; members only read them."""

import datetime

import pytest
from django.urls import reverse

from congress.models import Attendance, Delegate, Session, SessionItem, Term


@pytest.mark.parametrize("name", ["term_create", "session_create"])
def test_officer_pages_need_login_and_role(client, client_as, member, officer, name):
    assert client.get(reverse(f"congress:{name}")).status_code == 302
    assert client_as(member).get(reverse(f"congress:{name}")).status_code == 403
    assert client_as(officer).get(reverse(f"congress:{name}")).status_code == 200


def test_officer_creates_term_and_session(client_as, officer, term):
    c = client_as(officer)
    c.post(reverse("congress:term_create"), {"number": 7, "is_current": "on"})
    new = Term.objects.get(number=7)
    assert new.is_current and new.name == "第七届"
    term.refresh_from_db()
    assert not term.is_current  # only one current term
    r = c.post(
        reverse("congress:session_create"),
        {
            "term": new.pk,
            "number": 1,
            "meeting_date": "2027-03-18",
            "collection_start": "2027-02-20",
            "collection_end": "2027-02-10",
            "seconds_required": 2,
        },
    )
    assert "征集截止日期不能早于开始日期" in r.content.decode()
    c.post(
        reverse("congress:session_create"),
        {
            "term": new.pk,
            "number": 1,
            "meeting_date": "2027-03-18",
            "collection_start": "2027-02-01",
            "collection_end": "2027-03-01",
            "seconds_required": 3,
        },
    )
    s = Session.objects.get(term=new)
    assert s.name == "七届一次" and s.seconds_required == 3


def test_items_formset(client_as, officer, member, session):
    c = client_as(officer)
    url = reverse("congress:session_items", args=[session.pk])
    assert client_as(member).get(url).status_code == 403
    c = client_as(officer)
    data = {
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-kind": "motion",
        "items-0-title": "绩效工资分配方案",
        "items-0-outcome": "passed",
        "items-0-votes_for": "40",
        "items-0-votes_against": "2",
        "items-0-votes_abstain": "1",
        "items-0-sort_order": "1",
        "items-1-kind": "motion",
        "items-1-title": "",
        "items-1-outcome": "pending",
        "items-1-votes_for": "0",
        "items-1-votes_against": "0",
        "items-1-votes_abstain": "0",
        "items-1-sort_order": "100",
    }
    r = c.post(url, data)
    assert r.status_code == 302
    item = SessionItem.objects.get()
    assert (item.title, item.outcome, item.votes_for) == ("绩效工资分配方案", "passed", 40)
    body = client_as(member).get(reverse("congress:session_detail", args=[session.pk])).content.decode()
    assert "绩效工资分配方案" in body and "通过" in body


def test_attendance_saves_all_rows(client_as, officer, session, delegate, delegate2):
    c = client_as(officer)
    url = reverse("congress:session_attendance", args=[session.pk])
    assert "吴代表" in c.get(url).content.decode()
    d1 = Delegate.objects.get(member=delegate.member)
    d2 = Delegate.objects.get(member=delegate2.member)
    c.post(url, {f"status_{d1.pk}": "present", f"status_{d2.pk}": "leave"})
    assert dict(Attendance.objects.values_list("delegate_id", "status")) == {d1.pk: "present", d2.pk: "leave"}
    c.post(url, {f"status_{d1.pk}": "bogus", f"status_{d2.pk}": "present"})
    assert Attendance.objects.get(delegate=d2).status == "leave"  # nothing half-written


def test_session_detail_shows_management_links_to_officers_only(client_as, officer, member, session):
    url = reverse("congress:session_detail", args=[session.pk])
    assert "出席情况" in client_as(officer).get(url).content.decode()
    assert "出席情况</a>" not in client_as(member).get(url).content.decode()


def test_session_dates_are_ordered_in_the_database(term):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            term=term,
            number=9,
            meeting_date=datetime.date(2027, 1, 1),
            collection_start=datetime.date(2027, 1, 10),
            collection_end=datetime.date(2027, 1, 1),
        )


@pytest.mark.parametrize("name", ["session_list", "session_detail", "session_proposals", "session_compilation"])
def test_session_pages_are_for_members_and_role_holders(client_as, session, outsider, make_user, name):
    """An account with neither a member record nor a role (the menu shows it no congress entry)
    cannot read the congress's sessions either; a role holder without a member record can."""
    from unionhub.permissions import Role

    args = [] if name == "session_list" else [session.pk]
    target = reverse(f"congress:{name}", args=args)
    assert client_as(outsider).get(target).status_code == 403
    committee_only = make_user("committee09", Role.COMMITTEE, member=False)
    assert client_as(committee_only).get(target).status_code == 200

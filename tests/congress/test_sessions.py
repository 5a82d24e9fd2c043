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


def test_term_end_date_before_start_is_refused(client_as, officer, term):
    r = client_as(officer).post(
        reverse("congress:term_create"), {"number": 7, "start_date": "2027-06-01", "end_date": "2027-01-01"}
    )
    assert r.status_code == 200
    assert "结束日期不能早于起始日期" in r.content.decode()
    assert not Term.objects.filter(number=7).exists()


def _session_data(term, **over):
    data = {
        "term": term.pk,
        "number": 9,
        "meeting_date": "2027-03-18",
        "collection_start": "2027-02-01",
        "collection_end": "2027-03-01",
        "seconds_required": 2,
    }
    data.update(over)
    return data


def test_session_name_used_by_another_session_is_refused(client_as, officer, term, session):
    """Proposal numbers start with the session name and are unique: a second session named like
    an existing one made 立案 fail with a server error."""
    c = client_as(officer)
    new = Term.objects.create(number=7)
    r = c.post(reverse("congress:session_create"), _session_data(new, name=session.name))
    assert "已被其他会议使用" in r.content.decode()
    # a blank name is generated (七届九次) and is free
    c.post(reverse("congress:session_create"), _session_data(new))
    assert Session.objects.filter(term=new, name="七届九次").exists()
    # renaming the existing session to the generated name of another is refused too
    r = c.post(
        reverse("congress:session_edit", args=[session.pk]),
        _session_data(term, number=session.number, name="七届九次"),
    )
    assert "已被其他会议使用" in r.content.decode()
    assert Session.objects.filter(name="七届九次").count() == 1


def test_collection_must_end_by_the_meeting(client_as, officer, term):
    r = client_as(officer).post(
        reverse("congress:session_create"),
        _session_data(term, meeting_date="2027-01-10", collection_start="2027-02-01", collection_end="2027-03-01"),
    )
    assert "提案征集截止日期不能晚于开会日期" in r.content.decode()
    assert not Session.objects.filter(term=term, number=9).exists()


def test_session_list_shows_the_newest_session_first(client_as, member, term, session):
    newer = Session.objects.create(
        term=term,
        number=5,
        meeting_date=session.meeting_date + datetime.timedelta(days=200),
        collection_start=session.collection_start + datetime.timedelta(days=200),
        collection_end=session.collection_end + datetime.timedelta(days=200),
    )
    html = client_as(member).get(reverse("congress:session_list")).content.decode()
    assert html.index(newer.name) < html.index(session.name)


def test_session_page_heading_writes_the_numbers_in_chinese(client_as, member, session):
    """The heading read 第六届4次教代会, half Chinese, half Arabic numerals."""
    body = client_as(member).get(reverse("congress:session_detail", args=[session.pk])).content.decode()
    assert "<h1>第六届教代会第四次会议（六届四次）</h1>" in body


def test_lowering_the_seconds_required_moves_seconded_proposals_to_review(
    client_as, officer, session, make_proposal, member, delegate, delegate2
):
    """A proposal with 2 of 3 seconds stayed in 征集附议 after the session was changed to need 2."""
    from congress.models import ProposalState, Second

    session.seconds_required = 3
    session.save()
    ready = make_proposal(member, state=ProposalState.SECONDING, title="两位代表已附议")
    waiting = make_proposal(member, state=ProposalState.SECONDING, title="一位代表已附议")
    Second.objects.create(proposal=ready, member=delegate.member)
    Second.objects.create(proposal=ready, member=delegate2.member)
    Second.objects.create(proposal=waiting, member=delegate.member)
    data = _session_data(
        session.term,
        number=session.number,
        name=session.name,
        meeting_date=session.meeting_date,
        collection_start=session.collection_start,
        collection_end=session.collection_end,
        seconds_required=2,
    )
    r = client_as(officer).post(reverse("congress:session_edit", args=[session.pk]), data, follow=True)
    assert "1 件提案的附议人数已达到新的要求" in r.content.decode()
    ready.refresh_from_db()
    waiting.refresh_from_db()
    assert ready.state == ProposalState.REVIEW and waiting.state == ProposalState.SECONDING
    assert ready.transitions.filter(action="auto_review").exists()


def test_item_votes_cannot_exceed_the_delegates(client_as, officer, session, delegate, delegate2):
    """赞成 400 typed for 40 was saved; the roster has 2 delegates here."""
    data = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-kind": "motion",
        "items-0-title": "年度预算",
        "items-0-outcome": "passed",
        "items-0-votes_for": "2",
        "items-0-votes_against": "1",
        "items-0-votes_abstain": "0",
        "items-0-sort_order": "1",
    }
    url = reverse("congress:session_items", args=[session.pk])
    r = client_as(officer).post(url, data)
    assert "赞成、反对、弃权合计 3 票，超过第六届在任代表 2 人" in r.content.decode()
    assert not SessionItem.objects.exists()
    data["items-0-votes_against"] = "0"
    assert client_as(officer).post(url, data).status_code == 302
    assert SessionItem.objects.get().votes_for == 2


def test_seconds_required_must_be_reachable(client_as, officer, term, delegate, delegate2):
    """所需附议人数 5 with 2 delegates was accepted: no proposal could ever reach 待审查."""
    r = client_as(officer).post(reverse("congress:session_create"), _session_data(term, seconds_required=5))
    assert "在任代表只有 2 人，所需附议人数不能超过代表人数" in r.content.decode()
    assert not Session.objects.filter(term=term, number=9).exists()
    client_as(officer).post(reverse("congress:session_create"), _session_data(term, seconds_required=2))
    assert Session.objects.get(term=term, number=9).seconds_required == 2

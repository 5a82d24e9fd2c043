"""校务公开: officers draft, publish, withdraw; members read published ones and raise objections."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from congress.models import Notice, NoticeCategory, Objection
from unionhub.models import Notification

TODAY = timezone.localdate


@pytest.fixture
def finance(db):
    return NoticeCategory.objects.get_or_create(name="财务")[0]


@pytest.fixture
def make_notice(finance, department, officer):
    def make(state=Notice.State.PUBLISHED, **fields):
        fields.setdefault("title", "2025年度工会经费收支情况")
        fields.setdefault("content", "收入 120 万元，支出 110 万元。")
        fields.setdefault("period_start", TODAY() - datetime.timedelta(days=2))
        fields.setdefault("period_end", TODAY() + datetime.timedelta(days=5))
        if state == Notice.State.PUBLISHED:
            fields.setdefault("published_at", timezone.now())
            fields.setdefault("published_by", officer)
        fields.setdefault("category", finance)
        return Notice.objects.create(department=department, state=state, **fields)

    return make


def test_member_sees_only_published_notices(client_as, member, make_notice):
    make_notice(title="已发布的公示")
    draft = make_notice(state=Notice.State.DRAFT, title="草稿公示")
    withdrawn = make_notice(state=Notice.State.WITHDRAWN, title="撤回的公示")
    c = client_as(member)
    body = c.get(reverse("congress:notice_list")).content.decode()
    assert "已发布的公示" in body and "草稿公示" not in body and "撤回的公示" not in body
    assert c.get(reverse("congress:notice_detail", args=[draft.pk])).status_code == 404
    assert c.get(reverse("congress:notice_detail", args=[withdrawn.pk])).status_code == 404


def test_outsider_sees_no_notices(client_as, outsider, make_notice):
    n = make_notice()
    assert client_as(outsider).get(reverse("congress:notice_detail", args=[n.pk])).status_code == 404


def test_notice_list_search_filter_and_query_count(client_as, member, make_notice, django_assert_max_num_queries):
    other = NoticeCategory.objects.get_or_create(name="评优评先")[0]
    for i in range(25):
        make_notice(title=f"财务公示{i:02d}")
    make_notice(title="优秀教师推荐名单", category=other)
    c = client_as(member)
    # 9 per page (see test_views.BASE) + page count + page + categories for the filter
    with django_assert_max_num_queries(12):
        body = c.get(reverse("congress:notice_list")).content.decode()
    assert "优秀教师推荐名单" in body  # newest first
    body = c.get(reverse("congress:notice_list"), {"category": other.pk}).content.decode()
    assert "优秀教师推荐名单" in body and "财务公示01" not in body
    body = c.get(reverse("congress:notice_list"), {"q": "财务公示03"}).content.decode()
    assert "财务公示03" in body and "优秀教师" not in body


def test_member_cannot_create_or_publish(client_as, member, make_notice):
    n = make_notice(state=Notice.State.DRAFT)
    c = client_as(member)
    assert c.get(reverse("congress:notice_create")).status_code == 403
    assert c.post(reverse("congress:notice_state", args=[n.pk, "publish"])).status_code == 403
    n.refresh_from_db()
    assert n.state == Notice.State.DRAFT


def test_officer_creates_with_attachment_publishes_and_withdraws(client_as, officer, member, finance, department):
    c = client_as(officer)
    pdf = SimpleUploadedFile("明细.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    r = c.post(
        reverse("congress:notice_create"),
        {
            "title": "职称评聘结果公示",
            "category": finance.pk,
            "department": department.pk,
            "form": "online",
            "kind": "special",
            "period_start": TODAY().isoformat(),
            "period_end": (TODAY() + datetime.timedelta(days=7)).isoformat(),
            "content": "经评审，以下同志……",
            "attachments": [pdf],
        },
    )
    n = Notice.objects.get(title="职称评聘结果公示")
    assert r.status_code == 302 and n.state == Notice.State.DRAFT
    assert client_as(member).get(reverse("congress:notice_detail", args=[n.pk])).status_code == 404
    c = client_as(officer)
    c.post(reverse("congress:notice_state", args=[n.pk, "publish"]))
    n.refresh_from_db()
    assert n.state == Notice.State.PUBLISHED and n.published_by == officer
    att = n.attachments.get()
    assert client_as(member).get(reverse("congress:notice_attachment", args=[n.pk, att.pk])).status_code == 200
    c = client_as(officer)
    r = c.get(reverse("congress:notice_state", args=[n.pk, "withdraw"]))
    assert "确定撤回吗" in r.content.decode()
    c.post(reverse("congress:notice_state", args=[n.pk, "withdraw"]))
    n.refresh_from_db()
    assert n.state == Notice.State.WITHDRAWN


def test_notice_form_checks_period_and_attachment(client_as, officer, finance, department):
    r = client_as(officer).post(
        reverse("congress:notice_create"),
        {
            "title": "x",
            "category": finance.pk,
            "department": department.pk,
            "form": "online",
            "kind": "regular",
            "period_start": TODAY().isoformat(),
            "period_end": (TODAY() - datetime.timedelta(days=1)).isoformat(),
            "content": "c",
            "attachments": [SimpleUploadedFile("a.pdf", b"not a pdf")],
        },
    )
    body = r.content.decode()
    assert "公示结束日期不能早于开始日期" in body and "内容与扩展名不符" in body
    assert not Notice.objects.exists()


def test_objection_during_period_and_answer(client_as, member, other_member, officer, make_notice):
    n = make_notice()
    c = client_as(member)
    c.post(reverse("congress:notice_detail", args=[n.pk]), {"text": "差旅费支出偏高，请说明"})
    o = Objection.objects.get()
    assert o.member == member.member
    assert Notification.objects.filter(user=officer, title__contains="收到异议").exists()
    # another member does not see it
    assert "差旅费" not in client_as(other_member).get(reverse("congress:notice_detail", args=[n.pk])).content.decode()
    assert (
        client_as(member).post(reverse("congress:objection_answer", args=[n.pk, o.pk]), {"answer": "x"}).status_code
        == 403
    )
    client_as(officer).post(reverse("congress:objection_answer", args=[n.pk, o.pk]), {"answer": "系外出培训费用"})
    body = client_as(member).get(reverse("congress:notice_detail", args=[n.pk])).content.decode()
    assert "系外出培训费用" in body
    assert Notification.objects.filter(user=member, title__contains="异议已答复").exists()


def test_objection_outside_period_refused(client_as, member, make_notice):
    n = make_notice(period_start=TODAY() - datetime.timedelta(days=20), period_end=TODAY() - datetime.timedelta(days=1))
    r = client_as(member).post(reverse("congress:notice_detail", args=[n.pk]), {"text": "有意见"})
    assert r.status_code == 200
    assert not Objection.objects.exists()


def test_officer_list_flags_unanswered_objections(client_as, officer, member, make_notice):
    n = make_notice()
    Objection.objects.create(notice=n, member=member.member, text="?")
    assert "1 待答复" in client_as(officer).get(reverse("congress:notice_list")).content.decode()


def test_editing_a_withdrawn_notice_does_not_send_the_officer_in_a_circle(client_as, officer, make_notice):
    """It said 请先撤回再重新发布, but a withdrawn notice can be neither edited nor published again."""
    c = client_as(officer)
    withdrawn = make_notice(state=Notice.State.WITHDRAWN)
    body = c.get(reverse("congress:notice_edit", args=[withdrawn.pk]), follow=True).content.decode()
    assert "该公开事项已撤回" in body and "请新建一条公开事项" in body
    assert "重新发布" not in body
    published = make_notice()
    body = c.get(reverse("congress:notice_edit", args=[published.pk]), follow=True).content.decode()
    assert "请撤回后新建一条公开事项" in body

"""Member home page blocks: my proposals and what they wait for, proposals to second, notices."""

from django.db.models import Case, Count, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from congress.menu_items import is_current_delegate
from congress.models import Proposal, ProposalState, Second
from congress.permissions import department_proposals, visible_notices
from congress.workflow import next_step, open_for_seconds
from unionhub.permissions import is_handler, member_of
from unionhub.stats import HomeSection

S = ProposalState
OPEN_STATES = (S.DRAFT, S.SECONDING, S.REVIEW, S.FILED, S.HANDLING, S.RATING)


def sections(user):
    me = member_of(user)
    result = []
    if me is not None:
        # what waits for me first (评价, unfinished drafts), then my own open proposals, then the rest
        mine = (
            Proposal.objects.filter(
                Q(proposer=me) | Q(pk__in=Second.objects.filter(member=me).values("proposal"), state__in=OPEN_STATES)
            )
            .exclude(state=ProposalState.WITHDRAWN)
            .select_related("session", "lead_department", "merged_into", "suggestion_track")
            .annotate(
                second_count=Count("seconds"),
                priority=Case(
                    When(state__in=(ProposalState.RATING, ProposalState.DRAFT), then=Value(0)),
                    When(state__in=OPEN_STATES, then=Value(1)),
                    default=Value(2),
                ),
            )
            .order_by("priority", "-updated_at")[:5]
        )
        result.append(
            HomeSection(
                title="我的提案",
                items=[(p.title, p.get_absolute_url(), next_step(p)) for p in mine],
                empty_text="您还没有提案。",
                more_url=reverse("congress:my_proposals"),
            )
        )
        if is_current_delegate(user, me):  # loaded with the user: no query of its own
            waiting = (
                Proposal.objects.filter(
                    open_for_seconds(), state=ProposalState.SECONDING, session__term__is_current=True
                )
                .exclude(proposer=me)
                .exclude(pk__in=Second.objects.filter(member=me).values("proposal"))
                .order_by("submitted_at")[:5]
            )
            result.append(
                HomeSection(
                    title="等待我附议",
                    items=[(p.title, p.get_absolute_url(), "征集附议") for p in waiting],
                    empty_text="没有等待您附议的提案。",
                    more_url=reverse("congress:seconding"),
                )
            )
    today = timezone.localdate()
    if is_handler(user):
        # 承办部门: what the department must answer, the most urgent (overdue) first
        dept = user.handler_department_id
        due = department_proposals(user).filter(state=S.HANDLING).order_by("due_date", "id")[:5]
        result.append(
            HomeSection(
                title="本部门待答复提案",
                items=[
                    (
                        f"{p.number} {p.title}",
                        p.get_absolute_url(),
                        ("主办" if p.lead_department_id == dept else "协办")
                        + (f" · 答复期限 {p.due_date:%Y-%m-%d}" if p.due_date else "")
                        + ("（已逾期）" if p.due_date and p.due_date < today else ""),
                    )
                    for p in due
                ],
                empty_text="本部门没有待答复的提案。",
                more_url=reverse("congress:department_inbox"),
            )
        )
    notices = visible_notices(user).filter(state="published").select_related("category").order_by("-published_at")[:5]
    result.append(
        HomeSection(
            title="校务公开",
            items=[
                (
                    n.title,
                    reverse("congress:notice_detail", args=[n.pk]),
                    _notice_note(n, today),
                )
                for n in notices
            ],
            empty_text="暂无公开事项。",
            more_url=reverse("congress:notice_list"),
        )
    )
    return result


def _notice_note(notice, today):
    """公示中 only within the 公示期 (as on the notice list); one published ahead of it says when it starts."""
    if notice.period_start > today:
        return f"{notice.period_start:%m-%d} 起公示"
    if notice.period_end >= today:
        return "公示中"
    return notice.category.name

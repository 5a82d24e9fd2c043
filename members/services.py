"""Writes on the roster that touch several rows or must be atomic.

The member's 会籍状态 / 在职状态 are derived from the dated MembershipEvent rows: every change
goes through record_status_change(), which adds the event and recomputes the status.
"""

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from members.models import Member, MembershipEvent, MembershipStatus, WorkStatus
from unionhub.models import User
from unionhub.permissions import Role, is_chair, roles_of


class MemberError(Exception):
    """A roster rule was broken; the message is Chinese and shown to the user."""


Kind = MembershipEvent.Kind

# which changes make sense from the current status
ALLOWED_FROM = {
    Kind.JOIN: {MembershipStatus.QUIT, MembershipStatus.TRANSFERRED},
    Kind.RESTORE: {MembershipStatus.RESERVED, MembershipStatus.QUIT, MembershipStatus.TRANSFERRED},
    Kind.RESERVE: {MembershipStatus.ACTIVE},
    Kind.TRANSFER_OUT: {MembershipStatus.ACTIVE, MembershipStatus.RESERVED},
    Kind.QUIT: {MembershipStatus.ACTIVE, MembershipStatus.RESERVED},
    Kind.DEATH: {
        MembershipStatus.ACTIVE,
        MembershipStatus.RESERVED,
        MembershipStatus.QUIT,
        MembershipStatus.TRANSFERRED,
    },
}


def derive_status(events):
    """(membership_status, work_status, retired_on) from events ordered by date, id."""
    membership = None
    work = WorkStatus.WORKING
    retired_on = None
    for event in events:
        if event.kind in MembershipEvent.MEMBERSHIP_EFFECT:
            membership = MembershipEvent.MEMBERSHIP_EFFECT[event.kind]
        elif event.kind in MembershipEvent.WORK_EFFECT:
            work = MembershipEvent.WORK_EFFECT[event.kind]
            if event.kind == Kind.RETIRE:
                retired_on = event.date
    return membership, work, retired_on


def refresh_status(member):
    """Recompute the member's stored statuses from their events (after any event change)."""
    membership, work, retired_on = derive_status(member.events.order_by("date", "id"))
    member.membership_status = membership or MembershipStatus.ACTIVE
    member.work_status = work
    if retired_on:
        member.retired_on = retired_on
    member.save(update_fields=["membership_status", "work_status", "retired_on", "updated_at"])


@transaction.atomic
def create_member(*, member, by=None):
    """Save a new roster row and its 入会 event (dated 入会日期, or today when unknown)."""
    member.save()
    joined = member.joined_on or timezone.localdate()
    MembershipEvent.objects.create(
        member=member,
        kind=Kind.JOIN,
        date=joined,
        note="" if member.joined_on else "入会日期未填，按录入日记录",
        recorded_by=by,
    )
    return member


def _check_later_events(member, kind, date):
    """A back-dated change must not contradict the changes already recorded after it.

    Without this, a 去世 dated before an existing 入会 was saved and reported as recorded while
    the member stayed 在会 (the later event wins when the status is derived).
    """
    later = list(member.events.filter(date__gt=date).order_by("date", "id"))
    if not later:
        return
    status = MembershipEvent.MEMBERSHIP_EFFECT[kind]
    for event in later:
        if event.kind not in MembershipEvent.MEMBERSHIP_EFFECT:
            continue
        allowed = ALLOWED_FROM.get(event.kind, set())
        redundant_join = event.kind == Kind.JOIN and status == MembershipStatus.ACTIVE
        if status not in allowed and not redundant_join:
            raise MemberError(
                f"该会员在 {event.date:%Y-%m-%d} 已有“{event.get_kind_display()}”记录，"
                f"在此之前记录“{Kind(kind).label}”与其矛盾（届时会籍为“{MembershipStatus(status).label}”），"
                "请核对日期。"
            )
        status = MembershipEvent.MEMBERSHIP_EFFECT[event.kind]


def sync_login_names(members):
    """Keep each linked login's 姓名 (menu, 操作日志, 记录人) in step with the roster's."""
    users = [User(pk=m.user_id, name=m.name) for m in members if m.user_id]
    if users:
        User.objects.bulk_update(users, ["name"], batch_size=1000)


@transaction.atomic
def update_member(*, member):
    """Save an edited roster row; a corrected 姓名 also reaches the member's login account."""
    member.save()
    sync_login_names([member])
    return member


@transaction.atomic
def record_status_change(*, member, kind, date, note="", by=None):
    """Add a dated 会籍/在职 change and update the member's current status."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    today = timezone.localdate()
    if date > today:
        raise MemberError("变动日期不能晚于今天。")
    if member.birth_date and date < member.birth_date:
        raise MemberError("变动日期不能早于出生日期。")
    first = member.events.order_by("date", "id").first()
    if first and date < first.date and kind != Kind.JOIN:
        raise MemberError(f"变动日期不能早于首次入会日期（{first.date:%Y-%m-%d}）。")
    label = Kind(kind).label
    if kind in ALLOWED_FROM:
        # judge against the status on that date, not today's: back-dated entries are common
        then, _work, _r = derive_status(member.events.filter(date__lte=date).order_by("date", "id"))
        if then is None:
            if kind != Kind.JOIN:
                raise MemberError(f"该会员在该日期之前没有入会记录，不能记录“{label}”。")
        elif then not in ALLOWED_FROM[kind]:
            current = then
            raise MemberError(f"该会员当时的会籍状态为“{MembershipStatus(current).label}”，不能记录“{label}”。")
    elif kind == Kind.RETIRE and member.work_status == WorkStatus.RETIRED:
        raise MemberError("该会员已是退休状态。")
    elif kind == Kind.EARLY_RETIRE and member.work_status != WorkStatus.WORKING:
        raise MemberError("只有在职会员可以记录内退。")
    if kind in MembershipEvent.MEMBERSHIP_EFFECT:
        _check_later_events(member, kind, date)
    event = MembershipEvent.objects.create(member=member, kind=kind, date=date, note=note, recorded_by=by)
    if kind == Kind.JOIN and (member.joined_on is None or date < member.joined_on):
        member.joined_on = date
        member.save(update_fields=["joined_on"])
    refresh_status(member)
    return event


@transaction.atomic
def undo_last_event(*, event, by=None):
    """撤销 the member's latest 会籍/在职 change (entered by mistake) and recompute the status.

    Only the latest one, so the history before it stays consistent; never the only 入会.
    Returns the member. The deletion is kept in the 操作日志.
    """
    member = Member.objects.select_for_update().get(pk=event.member_id)
    events = list(member.events.order_by("date", "id"))
    if not events or events[-1].pk != event.pk:
        raise MemberError("只能撤销最近一条会籍变动记录，请先撤销之后的记录。")
    if len(events) == 1:
        raise MemberError("这是该会员唯一的入会记录，不能撤销。")
    event.delete()
    rest = events[:-1]
    if event.kind == Kind.JOIN:
        joins = [e.date for e in rest if e.kind == Kind.JOIN]
        member.joined_on = min(joins) if joins else member.joined_on
        member.save(update_fields=["joined_on"])
    if event.kind == Kind.RETIRE and not any(e.kind == Kind.RETIRE for e in rest):
        member.retired_on = None
        member.save(update_fields=["retired_on"])
    refresh_status(member)
    return member


# --- login accounts -----------------------------------------------------------------

PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"  # no 0/O, 1/l/I
# One-time passwords are random (about 57 bits) and must be changed at first login, when
# Django re-hashes with the full iteration count. A lighter hash lets an officer create a
# few hundred accounts in one request instead of waiting half a second per account.
INITIAL_PASSWORD_ITERATIONS = 20_000
MAX_ACCOUNTS_PER_BATCH = 1000


def random_password(length=10):
    while True:
        pw = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in pw) and any(c.isupper() for c in pw) and any(c.islower() for c in pw):
            return pw


@transaction.atomic
def create_accounts(*, members, by=None):
    """Create a login (username = 工号, role 会员, must change password) for each member without one.

    Returns [(member, initial password)]: the only time the passwords exist in clear text.
    """
    members = list(
        Member.objects.select_for_update(of=("self",))
        .select_related("department")
        .filter(pk__in=[m.pk for m in members], user__isnull=True)
    )
    if not members:
        raise MemberError("所选会员都已有登录账号。")
    if len(members) > MAX_ACCOUNTS_PER_BATCH:
        raise MemberError(f"一次最多开通 {MAX_ACCOUNTS_PER_BATCH} 个账号，请按部门分批开通。")
    taken = set(User.objects.filter(username__in=[m.staff_no for m in members]).values_list("username", flat=True))
    if taken:
        raise MemberError(f"以下工号已有登录账号但未关联会员，请先在管理后台处理：{'、'.join(sorted(taken))}。")
    hasher = get_hasher()
    light = isinstance(hasher, PBKDF2PasswordHasher)
    issued = []
    users = []
    for m in members:
        password = random_password()
        user = User(username=m.staff_no, name=m.name, must_change_password=True)
        if light:
            user.password = hasher.encode(password, hasher.salt(), iterations=INITIAL_PASSWORD_ITERATIONS)
        else:
            user.password = make_password(password)
        users.append(user)
        issued.append((m, password))
    User.objects.bulk_create(users, batch_size=500)
    users = {u.username: u for u in User.objects.filter(username__in=[m.staff_no for m in members])}
    group = Group.objects.get(name=Role.MEMBER)
    group.user_set.add(*users.values())
    for m in members:
        m.user = users[m.staff_no]
    Member.objects.bulk_update(members, ["user"], batch_size=500)
    return issued


@transaction.atomic
def reset_password(*, member, by):
    """A new one-time password for a member who forgot theirs (must be changed at next login).

    Officers reset plain members' logins; an account holding a union role (干部, 主席, 专员…)
    is reset only by the chair, so an officer cannot take over a more powerful account.
    Returns the password: the only time it exists in clear text. Also lifts a login lock.
    """
    from axes.utils import reset as reset_lockout

    user = User.objects.select_for_update().filter(pk=member.user_id).first()
    if user is None:
        raise MemberError("该会员尚未开通登录账号。")
    if user.pk == by.pk:
        raise MemberError("不能在此重置自己的密码，请用“修改密码”。")
    other_roles = roles_of(user) - {Role.MEMBER}
    if (other_roles or user.is_superuser or user.is_staff) and not is_chair(by):
        raise MemberError(f"该账号担任{'、'.join(sorted(other_roles)) or '管理'}职务，请由工会主席重置密码。")
    password = random_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    reset_lockout(username=user.username)
    return password

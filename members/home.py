"""The member home page block for the members app: 我的信息."""

from django.urls import reverse

from unionhub.permissions import member_of
from unionhub.stats import HomeSection


def sections(user):
    member = member_of(user)
    if member is None:
        return []
    items = [
        ("查看我的会员信息", reverse("members:me"), f"{member.department.name}"),
        (
            f"会籍：{member.get_membership_status_display()}",
            "",
            f"入会 {member.joined_on:%Y-%m-%d}" if member.joined_on else "",
        ),
    ]
    if member.union_group_id:
        items.append((f"工会小组：{member.union_group.name}", "", ""))
    return [HomeSection(title="我的信息", items=items, more_url=reverse("members:me"))]

from django.urls import reverse

from activities.permissions import can_view
from unionhub.menu import MenuItem
from unionhub.permissions import is_officer

SECTION = "文体活动"


def items(user):
    if not can_view(user):
        return []
    result = [
        MenuItem("活动列表", reverse("activities:activity_list"), section=SECTION),
        MenuItem("我报名的活动", reverse("activities:activity_list") + "?mine=1", section=SECTION),
        MenuItem("运动会", reverse("activities:meet_list"), section=SECTION),
    ]
    if is_officer(user):
        result.append(MenuItem("新建活动", reverse("activities:activity_create"), section=SECTION))
        result.append(MenuItem("新建运动会", reverse("activities:meet_create"), section=SECTION))
    return result

from django.urls import reverse

from unionhub.menu import MenuItem
from unionhub.permissions import Role, has_role, is_chair, is_welfare_officer, member_of

SECTION = "慰问帮扶"


def items(user):
    result = []
    if has_role(user, Role.OFFICER, Role.WELFARE):
        result += [
            MenuItem("慰问记录", reverse("welfare:visit_list"), section=SECTION),
            MenuItem("慰问提醒", reverse("welfare:reminders"), section=SECTION),
            MenuItem("签领表", reverse("welfare:sign_sheet"), section=SECTION),
            MenuItem("慰问标准", reverse("welfare:standard_list"), section=SECTION),
            MenuItem("募捐活动", reverse("welfare:campaign_list"), section=SECTION),
        ]
    if is_welfare_officer(user):
        result += [
            MenuItem("困难职工档案", reverse("welfare:file_list"), section=SECTION),
            MenuItem("帮扶申请", reverse("welfare:application_list"), section=SECTION),
        ]
    if is_chair(user):
        result += [
            MenuItem("慰问事项", reverse("welfare:occasion_list"), section=SECTION),
            MenuItem("档案访问日志", reverse("welfare:access_log"), section=SECTION),
        ]
    result.append(MenuItem("帮扶公示", reverse("welfare:publicity"), section=SECTION))
    if member_of(user) is not None:
        result.append(MenuItem("我的慰问", reverse("welfare:my_visits"), section=SECTION))
    return result

from django.urls import reverse

from unionhub.menu import MenuItem
from unionhub.permissions import Role, has_role, is_officer, member_of


def items(user):
    result = []
    if has_role(user, Role.OFFICER, Role.WELFARE):
        result.append(MenuItem("会员名册", reverse("members:list"), section="会员"))
    if is_officer(user):
        result += [
            MenuItem("花名册导入", reverse("members:import"), section="会员"),
            MenuItem("开通登录账号", reverse("members:accounts"), section="会员"),
            MenuItem("部门管理", reverse("members:departments"), section="会员"),
            MenuItem("工会小组", reverse("members:groups"), section="会员"),
        ]
    if member_of(user) is not None:
        result.append(MenuItem("我的信息", reverse("members:me")))
    return result

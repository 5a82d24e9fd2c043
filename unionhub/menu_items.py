from django.urls import reverse

from unionhub.menu import MenuItem
from unionhub.permissions import Role, has_role, is_chair


def items(user):
    result = []
    if has_role(user, Role.OFFICER, Role.WELFARE, Role.COMMITTEE):
        result.append(MenuItem("工作台", reverse("dashboard")))
    result.append(MenuItem("我的首页", reverse("member_home")))
    if is_chair(user):
        result.append(MenuItem("操作日志", reverse("audit_log"), section="系统"))
    if has_role(user, Role.OFFICER):
        result.append(MenuItem("登录锁定", reverse("lockout_list"), section="系统"))
    if user.is_staff:
        result.append(MenuItem("管理后台", reverse("admin:index"), section="系统"))
    return result

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class User(AbstractUser):
    """A login account. The username is the member's 工号."""

    username = models.CharField(
        "工号",
        max_length=32,
        unique=True,
        error_messages={"unique": "该工号已有登录账号。"},
    )
    name = models.CharField("姓名", max_length=50, blank=True)
    must_change_password = models.BooleanField(
        "首次登录须修改密码", default=False, help_text="为真时用户登录后必须先修改密码。"
    )
    handler_department = models.ForeignKey(
        "members.Department",
        verbose_name="承办部门",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handlers",
        help_text="“承办部门”角色的用户代表该部门办理提案。",
    )

    objects = UserManager()

    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "登录账号"
        verbose_name_plural = "登录账号"

    def __str__(self):
        return f"{self.name or self.username}（{self.username}）"

    def get_full_name(self):
        return self.name or self.username

    def get_short_name(self):
        return self.name or self.username


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """站内消息. Create through unionhub.notifications.notify()."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read")]

    def __str__(self):
        return self.title

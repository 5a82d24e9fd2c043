from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from unionhub.models import Notification, User

admin.site.site_header = "工会工作平台 管理后台"
admin.site.site_title = "工会工作平台"
admin.site.index_title = "数据管理"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "name", "is_active", "must_change_password", "handler_department", "last_login")
    list_filter = ("is_active", "is_staff", "must_change_password", "groups")
    search_fields = ("username", "name", "email")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("name", "email")}),
        ("角色与权限", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "handler_department")}),
        ("密码", {"fields": ("must_change_password",)}),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "name", "password1", "password2")}),)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "created_at", "read_at")
    list_filter = ("read_at",)
    search_fields = ("title", "user__username", "user__name")
    raw_id_fields = ("user",)

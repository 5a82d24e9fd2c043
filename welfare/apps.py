from django.apps import AppConfig


class WelfareConfig(AppConfig):
    name = "welfare"
    verbose_name = "慰问帮扶"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class UnionhubConfig(AppConfig):
    name = "unionhub"
    verbose_name = "系统"

    def ready(self):
        from unionhub.audit import register_models

        register_models()

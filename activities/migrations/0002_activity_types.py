from django.db import migrations

TYPES = ["文艺", "体育", "参观踏青", "学习培训", "体检", "女工活动", "其他"]


def add_types(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    for i, name in enumerate(TYPES, start=1):
        ActivityType.objects.get_or_create(name=name, defaults={"sort_order": i * 10})


def remove_types(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    ActivityType.objects.filter(name__in=TYPES, activities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add_types, remove_types)]

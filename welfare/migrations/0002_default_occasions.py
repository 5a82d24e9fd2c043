"""The default 五必访 list (DOMAIN.md §4); the chair edits it afterwards."""

from django.db import migrations

DEFAULT_OCCASIONS = [
    ("hospital", "生病住院"),
    ("marriage", "结婚"),
    ("childbirth", "生育"),
    ("retirement", "退休"),
    ("death", "本人去世"),
    ("relative_death", "直系亲属去世"),
    ("accident", "意外/突发事件"),
    ("hardship", "家庭困难"),
    ("family", "家庭矛盾/思想波动"),
    ("festival", "节日走访"),
]

DESCRIPTIONS = {
    "relative_death": "配偶、父母、子女去世",
    "festival": "春节、教师节、重阳节走访离退休职工和困难职工",
}


def create(apps, schema_editor):
    Occasion = apps.get_model("welfare", "Occasion")
    for order, (code, name) in enumerate(DEFAULT_OCCASIONS, start=1):
        Occasion.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order * 10, "description": DESCRIPTIONS.get(code, "")}
        )


def remove(apps, schema_editor):
    Occasion = apps.get_model("welfare", "Occasion")
    Occasion.objects.filter(
        code__in=[code for code, _ in DEFAULT_OCCASIONS], visits__isnull=True, life_events__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("welfare", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]

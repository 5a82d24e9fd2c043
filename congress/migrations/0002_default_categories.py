from django.db import migrations

PROPOSAL_CATEGORIES = ["教学科研", "管理服务", "福利待遇", "校园建设", "其他"]
NOTICE_CATEGORIES = ["财务", "评优评先", "职称评聘", "考核", "福利", "基建采购", "招生", "干部任用", "其他"]


def create(apps, schema_editor):
    ProposalCategory = apps.get_model("congress", "ProposalCategory")
    NoticeCategory = apps.get_model("congress", "NoticeCategory")
    for i, name in enumerate(PROPOSAL_CATEGORIES, start=1):
        ProposalCategory.objects.get_or_create(name=name, defaults={"sort_order": i * 10})
    for i, name in enumerate(NOTICE_CATEGORIES, start=1):
        NoticeCategory.objects.get_or_create(name=name, defaults={"sort_order": i * 10})


def remove(apps, schema_editor):
    apps.get_model("congress", "ProposalCategory").objects.filter(name__in=PROPOSAL_CATEGORIES).delete()
    apps.get_model("congress", "NoticeCategory").objects.filter(name__in=NOTICE_CATEGORIES).delete()


class Migration(migrations.Migration):
    dependencies = [("congress", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]

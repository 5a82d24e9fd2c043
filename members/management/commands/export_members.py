"""export_members --output FILE: the whole roster as a styled workbook that re-imports unchanged."""

from django.core.management.base import BaseCommand, CommandError

from members.exports import roster_workbook
from members.models import Member
from unionhub.atomic import atomic_output


class Command(BaseCommand):
    help = "导出会员花名册（.xlsx，可原样再导入）"

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="输出的 .xlsx 文件路径")

    def handle(self, *args, output, **options):
        members = Member.objects.order_by("department__sort_order", "department__name", "staff_no")
        wb = roster_workbook(members, include_private=True)
        try:
            with atomic_output(output) as fh:  # killed midway: no half-written file at `output`
                wb.save(fh)
        except OSError as exc:
            raise CommandError(f"无法写入 {output}：{exc.strerror}") from None
        self.stdout.write(self.style.SUCCESS(f"已导出 {members.count()} 名会员到 {output}。"))

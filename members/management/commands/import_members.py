"""import_members FILE [--dry-run]: check a 花名册.xlsx and write it only when every row is valid."""

from django.core.management.base import BaseCommand, CommandError

from members.importer import import_roster


class Command(BaseCommand):
    help = "从 Excel 花名册导入会员（有任何错误时不写入任何数据）"

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只检查并显示报告，不写入")
        parser.add_argument(
            "--no-new-departments",
            action="store_true",
            help="文件中出现系统里没有的部门或工会小组时报错，而不是新建",
        )

    def handle(self, *args, file, dry_run, no_new_departments, **options):
        try:
            fh = open(file, "rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"无法打开文件 {file}：{exc.strerror}") from None
        with fh:
            report = import_roster(fh, dry_run=dry_run, allow_new=not no_new_departments)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(f"发现 {len(report.problems)} 个问题，未写入任何数据。")
        prefix = "检查通过（未写入，--dry-run）：" if dry_run else "导入完成："
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))

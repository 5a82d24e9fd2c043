from django.core.management.base import BaseCommand

from congress.services import send_due_reminders
from congress.workflow import DUE_SOON_DAYS


class Command(BaseCommand):
    help = f"提醒主办部门：答复期限在 {DUE_SOON_DAYS} 天内的提案（每个期限只提醒一次，建议每天运行）"

    def handle(self, *args, **options):
        count = send_due_reminders()
        self.stdout.write(f"已提醒 {count} 件提案的主办部门。")

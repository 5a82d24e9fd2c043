"""seed_demo: a realistic demo branch. Idempotent: running it again changes nothing.

Each app contributes through `<app>/demo.py: seed(*, out, scale)`, called in order
(members first, since the others need people). --scale large builds the benchmark data.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_APPS = ("members", "congress", "welfare", "activities")


class Command(BaseCommand):
    help = "生成演示数据（可重复运行）；--scale large 生成大规模压测数据"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "large"], default="demo")

    def handle(self, *args, scale, **options):
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            with transaction.atomic():
                module.seed(out=self.stdout, scale=scale)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))

"""Member home page: my visits, and the aid currently under public notice."""

from django.urls import reverse
from django.utils import timezone

from unionhub.permissions import member_of
from unionhub.stats import HomeSection
from welfare.models import AidApplication, Visit


def sections(user):
    result = []
    me = member_of(user)
    if me is not None:
        visits = Visit.objects.done().filter(member=me).select_related("occasion")[:5]
        result.append(
            HomeSection(
                title="我的慰问",
                items=[(f"{v.occasion.name}：{v.reason}", "", f"{v.visit_date:%Y-%m-%d}") for v in visits],
                empty_text="暂无慰问记录",
                more_url=reverse("welfare:my_visits"),
            )
        )
    today = timezone.localdate()
    n = AidApplication.objects.filter(
        status=AidApplication.Status.PUBLICIZED, publicity_start__lte=today, publicity_end__gte=today
    ).count()
    if n:
        result.append(
            HomeSection(
                title="困难帮扶公示",
                items=[(f"{n} 项帮扶正在公示", reverse("welfare:publicity"), "")],
                more_url=reverse("welfare:publicity"),
            )
        )
    return result

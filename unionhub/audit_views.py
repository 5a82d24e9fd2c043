"""操作日志: the chair reads the audit trail (unionhub/audit.py)."""

import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from unionhub.audit import audited_models, describe_changes
from unionhub.permissions import Role, role_required

ACTIONS = {
    LogEntry.Action.CREATE: "新增",
    LogEntry.Action.UPDATE: "修改",
    LogEntry.Action.DELETE: "删除",
    LogEntry.Action.ACCESS: "查看",
}


def _date(text):
    """A filter date, or None. Dates at the ends of the calendar (0001-01-01, 9999-12-31: "no
    limit" to whoever types them) mean no bound: shifted by a day or a time zone they overflow."""
    try:
        day = datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return day if 1900 <= day.year <= 9998 else None


@role_required(Role.CHAIR)
def audit_log(request):
    models = audited_models()
    types = ContentType.objects.get_for_models(*models)
    model_choices = sorted(
        ((str(ct.pk), str(model._meta.verbose_name)) for model, ct in types.items()), key=lambda c: c[1]
    )
    qs = LogEntry.objects.filter(content_type__in=types.values()).select_related("actor", "content_type")
    selected_model = request.GET.get("model", "")
    if selected_model in dict(model_choices):
        qs = qs.filter(content_type_id=int(selected_model))
    else:
        selected_model = ""
    who = request.GET.get("user", "").strip()
    if who:
        qs = qs.filter(Q(actor__username__icontains=who) | Q(actor__name__icontains=who))
    action = request.GET.get("action", "")
    if action.isdigit() and int(action) in ACTIONS:
        qs = qs.filter(action=int(action))
    else:
        action = ""
    tz = timezone.get_current_timezone()
    date_from, date_to = _date(request.GET.get("from")), _date(request.GET.get("to"))
    if date_from:
        qs = qs.filter(timestamp__gte=datetime.datetime.combine(date_from, datetime.time.min, tz))
    if date_to:
        qs = qs.filter(timestamp__lt=datetime.datetime.combine(date_to + datetime.timedelta(1), datetime.time.min, tz))
    search = request.GET.get("q", "").strip()
    if search:
        qs = qs.filter(object_repr__icontains=search)
    page = Paginator(qs.order_by("-timestamp", "-pk"), 50).get_page(request.GET.get("page"))
    entries = describe_changes(list(page.object_list))
    verbose = {ct.pk: str(model._meta.verbose_name) for model, ct in types.items()}
    for entry in entries:
        entry.model_label = verbose.get(entry.content_type_id, entry.content_type.name)
        entry.action_label = ACTIONS.get(entry.action, "其他")
    return render(
        request,
        "unionhub/audit_log.html",
        {
            "page_obj": page,
            "entries": entries,
            "model_choices": model_choices,
            "actions": [(str(k), v) for k, v in ACTIONS.items()],
            "selected_model": selected_model,
            "selected_action": action,
            "who": who,
            "search": search,
            "date_from": date_from,
            "date_to": date_to,
        },
    )

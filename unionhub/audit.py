"""The audit trail: who changed what and when (django-auditlog).

AUDITED_MODELS lists the models whose every create / change / delete is recorded, as
"app_label.ModelName". Adding a string here is all it takes: unionhub's AppConfig.ready()
registers them, AuditlogMiddleware records request.user as the actor, and the chair reads the
trail at 操作日志 (/audit/). A test checks that every listed model resolves and is registered.
"""

from django.apps import apps

AUDITED_MODELS = [
    "members.Member",
    "members.MembershipEvent",
    "unionhub.User",
    "congress.Proposal",
    "congress.Answer",
    "welfare.Standard",
    "welfare.Visit",
    "welfare.HardshipFile",
    "welfare.AidApplication",
    "activities.Result",
    "activities.Match",
]

# Kept in the trail only masked (auditlog's mask_fields, with mask_value below): the trail must
# not become a second copy of ID and bank numbers.
MASKED_FIELDS = {
    "members.Member": {"id_number", "phone"},
    "welfare.HardshipFile": {"bank_account"},
}

# Never written to the trail, whatever the model: secrets and noise.
EXCLUDED_FIELDS = {"password", "last_login"}

# Many-to-many fields worth recording, per model (roles are groups: who gave whom which role).
M2M_FIELDS = {"unionhub.User": {"groups"}}


# Foreign keys are shown by the related object's str(). The fields each related model's __str__
# reads ("a__b" reaches a row the object points to): objects of these models are read for the
# whole page in ONE UNION query (the fields listed, the others deferred), whatever mix of models
# the page shows. A model not listed (activities.Entry: its name comes from its team members) is
# read with a query of its own, with STR_RELATED fetched along.
STR_FIELDS = {
    "members.Department": ("name",),
    "members.UnionGroup": ("name",),
    "members.Member": ("name", "staff_no"),
    "unionhub.User": ("name", "username"),
    "congress.Session": ("name",),
    "congress.ProposalCategory": ("name",),
    "congress.Proposal": ("number", "title"),
    "welfare.Occasion": ("name",),
    "welfare.HardshipFile": ("category", "member__name"),
    "activities.Event": ("name", "division__name"),
}
STR_RELATED = {
    # model: (select_related, {prefetched relation: its select_related})
    "activities.Entry": (("event", "unit"), {"entry_members": ("member",)}),
}
STR_COLUMNS = 4


def audited_models():
    return [apps.get_model(label) for label in AUDITED_MODELS]


def register_models():
    from auditlog.registry import auditlog

    for label, model in zip(AUDITED_MODELS, audited_models(), strict=True):
        if auditlog.contains(model):
            continue
        names = {f.name for f in model._meta.get_fields()}
        # reverse relations (a member's events, a user's notifications) are not this row's data
        reverse = {f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete}
        auditlog.register(
            model,
            exclude_fields=sorted((EXCLUDED_FIELDS & names) | reverse),
            m2m_fields=M2M_FIELDS.get(label, set()),
            mask_fields=sorted(MASKED_FIELDS.get(label, set())),
            mask_callable="unionhub.audit.mask_value",
        )


def mask_value(value):
    """The site's mask (3604**********0071: first and last 4 kept) for the trail. auditlog's own
    mask hides only the first half, which would keep 10 digits of a bank card."""
    from members.idcard import mask

    if value in (None, "None", ""):
        return value  # nothing recorded: shown as （空）
    return mask(value)


def _value_display(field, raw, related):
    if raw in (None, "None", ""):
        return "（空）"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(raw, dict(field.flatchoices).get(_maybe_int(raw), raw)))
    if field.many_to_one or field.one_to_one:
        obj = related.get((field.related_model, str(raw)))
        return str(obj) if obj is not None else f"（已删除，编号 {raw}）"
    if field.get_internal_type() == "DateTimeField":
        return _local_time(str(raw))
    if field.get_internal_type() == "BooleanField":
        return {"True": "是", "False": "否"}.get(str(raw), str(raw))
    return str(raw)


def _local_time(text):
    """Stored datetimes are UTC strings; show them in the branch's time zone, to the minute."""
    import datetime

    from django.utils import timezone

    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _maybe_int(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return raw


def _pks(pks):
    return [pk for pk in (_maybe_int(pk) for pk in pks) if isinstance(pk, int)]


def _columns(model):
    """[(attname on the object or "rel__field", expression)] that STR_FIELDS asks for."""
    out = []
    for path in STR_FIELDS[model._meta.label]:
        if "__" in path:
            rel = model._meta.get_field(path.split("__")[0])
            out.append((rel.attname, rel.attname))
        out.append((path, path))
    return out


def _instance(model, db, values):
    """A model instance holding only `values` (attname -> value), the rest deferred."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[n] for n in names])


def _from_row(model, db, pk, texts):
    """Rebuild the object (and the rows its str() reaches) from a UNION row of text columns."""
    own, rels = {model._meta.pk.attname: pk}, {}
    for (path, _), text in zip(_columns(model), texts, strict=False):
        if "__" in path:
            rel_name, field_name = path.split("__", 1)
            rels.setdefault(rel_name, {})[field_name] = text
        else:
            field = next(f for f in model._meta.concrete_fields if f.attname == path)
            own[path] = None if text is None else field.to_python(text)
    obj = _instance(model, db, own)
    for rel_name, fields in rels.items():
        rel = model._meta.get_field(rel_name)
        if own.get(rel.attname) is None:
            continue
        target = rel.related_model
        values = {target._meta.pk.attname: own[rel.attname]}
        values.update({n: target._meta.get_field(n).to_python(v) for n, v in fields.items()})
        setattr(obj, rel_name, _instance(target, db, values))
    return obj


def _related_objects(wanted):
    """{(model, str(pk)): object} for {model: pks}: one UNION query for the STR_FIELDS models,
    one query per other model."""
    from django.db.models import CharField, IntegerField, Prefetch, TextField, Value
    from django.db.models.functions import Cast

    related = {}
    models = [m for m in wanted if m._meta.label in STR_FIELDS]
    branches = []
    for index, model in enumerate(models):
        columns = _columns(model)
        assert len(columns) <= STR_COLUMNS, model
        values = {"a_model": Value(index, output_field=IntegerField()), "a_pk": Cast("pk", IntegerField())}
        for i in range(STR_COLUMNS):
            expr = columns[i][1] if i < len(columns) else Value(None, output_field=CharField())
            values[f"a_{i}"] = Cast(expr, TextField())
        branches.append(model._base_manager.filter(pk__in=_pks(wanted[model])).order_by().values(**values))
    if branches:
        qs = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
        for row in qs:
            model = models[row["a_model"]]
            texts = [row[f"a_{i}"] for i in range(len(_columns(model)))]
            related[(model, str(row["a_pk"]))] = _from_row(model, qs.db, row["a_pk"], texts)
    for model, pks in wanted.items():
        if model._meta.label in STR_FIELDS:
            continue
        select, prefetch = STR_RELATED.get(model._meta.label, ((), {}))
        prefetch = [
            Prefetch(name, model._meta.get_field(name).related_model.objects.select_related(*rows))
            for name, rows in prefetch.items()
        ]
        try:
            for obj in model._base_manager.filter(pk__in=_pks(pks)).select_related(*select).prefetch_related(*prefetch):
                related[(model, str(obj.pk))] = obj
        except (ValueError, TypeError):
            pass
    return related


def describe_changes(entries):
    """Attach `.change_rows` = [(field verbose name, old, new)] to each log entry.

    Foreign keys are shown by name, fetched with one query per related model for all entries.
    """
    wanted = {}  # related model -> set of pks
    plan = []
    for entry in entries:
        model = entry.content_type.model_class()
        rows = []
        for field_name, values in (entry.changes_dict or {}).items():
            field = None
            if model is not None:
                try:
                    field = model._meta.get_field(field_name)
                except Exception:
                    field = None
                if field is not None and not (field.concrete or field.many_to_many):
                    continue  # a reverse relation (older entries): not this row's data
            if field is not None and field.many_to_many:
                # m2m changes are {"type": "add", "objects": [...]} in auditlog
                if isinstance(values, dict):
                    operation = values.get("operation") or values.get("type")
                    verb = {"add": "添加", "delete": "移除", "remove": "移除", "clear": "清空"}.get(operation, "变更")
                    rows.append(
                        (str(field.verbose_name), "", f"{verb}：{'、'.join(map(str, values.get('objects', [])))}")
                    )
                continue
            if isinstance(values, list | tuple) and len(values) == 2:
                old, new = values
            else:
                old, new = "", values
            if entry.action == entry.Action.DELETE:
                old, new = "", old  # a deleted record: list what it held
            if entry.action in (entry.Action.CREATE, entry.Action.DELETE) and new in (None, "None", ""):
                continue  # a new or deleted record: list only the fields that held something
            if field is not None and (field.many_to_one or field.one_to_one):
                for raw in (old, new):
                    if raw not in (None, "None", ""):
                        wanted.setdefault(field.related_model, set()).add(str(raw))
            rows.append((field, field_name, old, new))
        plan.append((entry, rows))
    related = _related_objects(wanted)
    for entry, rows in plan:
        out = []
        for row in rows:
            if len(row) == 3:
                out.append(row)
                continue
            field, field_name, old, new = row
            if field is None:
                out.append((field_name, str(old), str(new)))
                continue
            new_text = _value_display(field, new, related)
            old_text = (
                ""
                if entry.action in (entry.Action.CREATE, entry.Action.DELETE)
                else _value_display(field, old, related)
            )
            out.append((str(field.verbose_name), old_text, new_text))
        entry.change_rows = out
    return entries

"""Every URL of the URL conf, with the objects needed to open it.

Used by tests/test_hostile.py (every page as the chair, with hostile text in the data) and
tests/test_permission_matrix.py (every page × every persona).

- url_entries(): walks the resolver; one entry per pattern (named or not).
- World: the personas plus the objects that URLs with ids point to. Each app may add objects
  in `tests/<app>/world.py: populate(world)` (e.g. a proposal by `world.member`), setting
  `world.objects[Model] = instance` for the instance its URLs should open.
- url_for(entry, world): the URL with its kwargs filled, or None with a reason when it cannot
  be built. kwargs come from KWARGS (by URL name) first, then from guesses: `pk`/`id`/`object_id`
  → the object of the model named by the URL (`members:member_detail` → members.Member,
  `admin:members_member_change` → members.Member), `<model>_pk` / `<model>_id` → that model,
  `year` → this year.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

PROJECT_APPS = ("unionhub", "members", "congress", "welfare", "activities")
PERSONAS = ("chair", "officer", "welfare_officer", "committee", "handler", "delegate", "member", "outsider")


@dataclass
class UrlEntry:
    name: str | None  # "ns:name", or None for an unnamed pattern
    route: str
    params: tuple
    callback: object

    @property
    def namespace(self):
        return self.name.split(":")[0] if self.name and ":" in self.name else ""


def _params(pattern):
    regex = pattern.regex
    return tuple(regex.groupindex.keys())


def url_entries():
    def walk(resolver, namespaces, prefix):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                ns = namespaces + ((p.namespace,) if p.namespace else ())
                yield from walk(p, ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                name = ":".join(namespaces + (p.name,)) if p.name else None
                # params of the whole route, includes' included
                yield UrlEntry(name, prefix + str(p.pattern), (), p.callback)

    entries = []
    for entry in walk(get_resolver(), (), ""):
        entry.params = _route_params(entry.route)
        entries.append(entry)
    return entries


def _route_params(route):
    import re

    names = re.findall(r"<(?:[^>:]+:)?([^>]+)>", route)
    names += re.findall(r"\(\?P<([^>]+)>", route)
    return tuple(dict.fromkeys(names))


@dataclass
class World:
    personas: dict
    objects: dict = field(default_factory=dict)  # model class -> the instance its URLs open

    def __getattr__(self, name):
        personas = self.__dict__.get("personas", {})
        if name in personas:
            return personas[name]
        raise AttributeError(name)


def build_world(personas):
    """The base world (a notification for the member) plus what each app adds."""
    from unionhub.models import Notification
    from unionhub.notifications import notify

    world = World(personas=personas)
    [note] = notify([personas["member"]], title="你有一条新消息", url="/")
    world.notification = note
    world.objects[Notification] = note
    member_record = personas["member"].member
    world.objects[type(member_record)] = member_record
    world.objects[type(member_record.department)] = member_record.department
    from members.models import UnionGroup

    group = UnionGroup.objects.create(name="第一工会小组", department=member_record.department, leader=member_record)
    world.objects[UnionGroup] = group
    for app in PROJECT_APPS:
        try:
            module = import_module(f"tests.{app}.world")
        except ModuleNotFoundError:
            continue
        module.populate(world)
    return world


# URL name -> kwargs builder, where guessing is not right. Add one for each URL whose kwargs
# the guesses below cannot fill (the tests list such URLs by name). A "?" key is appended as
# the query string, for pages that need GET parameters (e.g. a date range).
KWARGS = {
    "notification_open": lambda w: {"pk": w.notification.pk},
    "admin:app_list": lambda w: {"app_label": "members"},
    "admin:view_on_site": lambda w: _view_on_site(w),
    "admin:auth_user_password_change": lambda w: {"id": w.member.pk},
}


# Each app may add its own entries in `tests/<app>/world.py: KWARGS` (same shape).
for _app in PROJECT_APPS:
    try:
        _module = import_module(f"tests.{_app}.world")
    except ModuleNotFoundError:
        continue
    KWARGS.update(getattr(_module, "KWARGS", {}))


def _view_on_site(world):
    from django.contrib.contenttypes.models import ContentType

    obj = world.member
    return {"content_type_id": ContentType.objects.get_for_model(obj).pk, "object_id": obj.pk}


def _models_of(app_label):
    try:
        return {m._meta.model_name: m for m in apps.get_app_config(app_label).get_models()}
    except LookupError:
        return {}


def _object_of(world, model):
    if model in world.objects:
        return world.objects[model]
    return model._default_manager.order_by("pk").first()


def _model_from_words(app_label, words, fallback_to_app_model=False):
    """members + ["member", "detail"] → Member; ["group", "edit"] → UnionGroup (unique suffix);
    ["detail"] → the app's own model (members → Member, activities → Activity) if asked."""
    models = _models_of(app_label)
    for end in range(len(words), 0, -1):
        candidate = "".join(words[:end])
        if candidate in models:
            return models[candidate]
        ending = [m for name, m in models.items() if name.endswith(candidate)]
        if len(ending) == 1:
            return ending[0]
    if fallback_to_app_model:
        singular = app_label[:-3] + "y" if app_label.endswith("ies") else app_label.rstrip("s")
        return models.get(singular)
    return None


def _guess(entry, param, world):
    name = entry.name or ""
    ns, _, short = name.rpartition(":")
    if param == "year":
        return timezone.localdate().year
    if ns == "admin" and param == "object_id":
        app_label, _, rest = short.partition("_")
        model_name = rest.rsplit("_", 1)[0]
        model = _models_of(app_label).get(model_name)
        obj = _object_of(world, model) if model else None
        return obj.pk if obj else None
    if param in ("pk", "id", "object_id"):
        model = _model_from_words(ns, short.split("_"), fallback_to_app_model=True) if ns else None
    elif param.endswith(("_pk", "_id")):
        model = _model_from_words(ns, param.rsplit("_", 1)[0].split("_")) if ns else None
    else:
        return None
    obj = _object_of(world, model) if model else None
    return obj.pk if obj else None


def url_for(entry, world, admin_placeholder=False):
    """(url, None) or (None, why it cannot be built).

    admin_placeholder: fill an admin object_id with 1 when no row exists (for checks that
    stop before the object is looked up, such as "non-staff are sent to the admin login").
    """
    if entry.name is None:
        return None, "unnamed pattern"
    if entry.name in KWARGS:
        kwargs = KWARGS[entry.name](world)
    else:
        kwargs = {}
        for param in entry.params:
            value = _guess(entry, param, world)
            if value is None and admin_placeholder and entry.namespace == "admin" and param == "object_id":
                value = 1
            if value is None:
                return None, f"cannot fill <{param}>: add an object to the world or a KWARGS entry"
            kwargs[param] = value
    kwargs = dict(kwargs)
    query = kwargs.pop("?", "")
    try:
        return reverse(entry.name, kwargs=kwargs) + (f"?{query}" if query else ""), None
    except NoReverseMatch as exc:
        return None, f"reverse failed: {exc}"

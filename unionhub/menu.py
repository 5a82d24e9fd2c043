"""The navigation menu: each app contributes entries from its own `menu_items.py`.

An app's menu_items.py defines `items(user) -> list[MenuItem]`, returning only what the user's
roles may use. Order of sections follows APPS.
"""

from dataclasses import dataclass, field
from importlib import import_module

APPS = ("unionhub", "members", "congress", "welfare", "activities")


@dataclass
class MenuItem:
    label: str
    url: str
    section: str = ""  # dropdown title; "" = top-level link
    badge: int | None = None
    children: list = field(default_factory=list)


def build_menu(user):
    """Group entries by section into top-level links and dropdowns, for base.html."""
    if not user.is_authenticated:
        return []
    entries = []
    for app in APPS:
        try:
            module = import_module(f"{app}.menu_items")
        except ModuleNotFoundError:
            continue
        entries.extend(module.items(user))
    top = []
    sections = {}
    for item in entries:
        if not item.section:
            top.append(item)
            continue
        if item.section not in sections:
            sections[item.section] = MenuItem(label=item.section, url="", children=[])
            top.append(sections[item.section])
        sections[item.section].children.append(item)
    return top

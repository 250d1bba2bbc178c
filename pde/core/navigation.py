"""The main menu. Each app registers its areas here; each user sees only the
entries their permissions open."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    # A permission "app_label.codename", or None for every signed-in user.
    permission: str | None = None
    section: str = ""
    visible: Callable | None = None
    # Shown to visitors who have not signed in.
    public: bool = False


_ENTRIES: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if entry not in _ENTRIES:
        _ENTRIES.append(entry)


def entries_for(user) -> list[dict]:
    signed_in = user.is_authenticated
    visible = []
    for entry in _ENTRIES:
        if not signed_in and not entry.public:
            continue
        if entry.permission and not user.has_perm(entry.permission):
            continue
        if entry.visible and not entry.visible(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        visible.append({"label": entry.label, "url": url, "section": entry.section})
    return visible


register(NavEntry(_("Inicio"), "core:home", public=True))
register(NavEntry(_("Entes públicos"), "core:entity_list", section=_("Catálogos"), public=True))
register(
    NavEntry(
        _("Días inhábiles"),
        "core:calendar",
        "core.view_nonbusinessperiod",
        section=_("Catálogos"),
    )
)
register(
    NavEntry(_("Bitácora de auditoría"), "core:audit_log", "core.view_auditentry", _("Control"))
)
register(
    NavEntry(
        _("Administración"),
        "admin:index",
        section=_("Control"),
        visible=lambda user: user.is_staff,
    )
)

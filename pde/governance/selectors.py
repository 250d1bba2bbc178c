"""Reads of the governance app. Other apps (planning, pdn) call the functions marked
"public API" below; their signatures are kept stable."""

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from pde.core.models import PublicEntity
from pde.core.text import normalize_text, spanish_sort_key

from .models import (
    SYSTEM_CODES,
    Agreement,
    Attendance,
    Body,
    Convenio,
    Member,
    Session,
    Vote,
)

ROLE_RANK = {role: rank for rank, role in enumerate(Member.Role.values)}

# --- Access ---------------------------------------------------------------------------


def can_manage(user) -> bool:
    """Legal officers (governance.*) prepare sessions and record everything."""
    return user.is_authenticated and user.has_perm("governance.change_session")


def can_view_all(user) -> bool:
    return user.is_authenticated and user.has_perm("governance.view_body")


def member_body_ids(user) -> set[int]:
    """Bodies where the user holds or held a seat (members read their bodies' records)."""
    if not user.is_authenticated:
        return set()
    return set(Member.objects.filter(user=user).values_list("body_id", flat=True))


def can_view_body(user, body: Body) -> bool:
    return can_view_all(user) or body.pk in member_body_ids(user)


def sees_bodies(user) -> bool:
    """Whether the menu shows the bodies to this user."""
    return can_view_all(user) or bool(member_body_ids(user))


def visible_bodies(user) -> QuerySet[Body]:
    bodies = Body.objects.select_related("entity")
    if can_view_all(user):
        return bodies
    return bodies.filter(pk__in=member_body_ids(user))


# --- Bodies and members ---------------------------------------------------------------


def search_bodies(user, q: str = "", active: str = "") -> QuerySet[Body]:
    bodies = visible_bodies(user)
    if q:
        bodies = bodies.filter(search_text__contains=normalize_text(q))
    if active == "yes":
        bodies = bodies.filter(active=True)
    elif active == "no":
        bodies = bodies.filter(active=False)
    return bodies


def members_on(body: Body, day: dt.date) -> list[Member]:
    """Members whose period covers ``day``: presidency first, then the technical
    secretary, the members and the guests."""
    members = (
        body.members.filter(start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("entity", "user")
    )
    return sorted(members, key=lambda m: (ROLE_RANK.get(m.role, 9), spanish_sort_key(m.full_name)))


def current_members(body: Body) -> list[Member]:
    return members_on(body, timezone.localdate())


def member_history(body: Body) -> QuerySet[Member]:
    return body.members.select_related("entity", "user").order_by("-start_date", "full_name")


# --- Sessions -------------------------------------------------------------------------


def session_members(session: Session) -> list[Member]:
    return members_on(session.body, session.date)


@dataclass(frozen=True)
class Quorum:
    voting_members: int
    present: int
    required: int

    @property
    def reached(self) -> bool:
        return self.voting_members > 0 and self.present >= self.required


def required_for(rule: str, voting_members: int) -> int:
    if voting_members <= 0:
        return 1
    if rule == Body.QuorumRule.TWO_THIRDS:
        return math.ceil(2 * voting_members / 3)
    if rule == Body.QuorumRule.ALL:
        return voting_members
    return voting_members // 2 + 1


def quorum(session: Session) -> Quorum:
    """The quorum of a session from its body's rule and the recorded attendance.

    Only members with vote count (guests have voice and no vote)."""
    voting = [m for m in session_members(session) if m.has_vote]
    present_ids = set(
        Attendance.objects.filter(session=session, present=True).values_list("member_id", flat=True)
    )
    present = sum(1 for m in voting if m.pk in present_ids)
    return Quorum(len(voting), present, required_for(session.body.quorum_rule, len(voting)))


def attendance_map(session: Session) -> dict[int, bool]:
    return dict(Attendance.objects.filter(session=session).values_list("member_id", "present"))


def vote_tally(agenda_item) -> dict[str, int]:
    counts = Counter(agenda_item.votes.values_list("choice", flat=True))
    return {choice: counts.get(choice, 0) for choice in Vote.Choice.values}


def votes_by_member(agenda_item) -> dict[int, str]:
    return dict(agenda_item.votes.values_list("member_id", "choice"))


def session_detail(session: Session) -> dict:
    """Everything the session page, the convocatoria and the minutes show."""
    members = session_members(session)
    items = list(session.agenda_items.prefetch_related("documents", "votes__member"))
    for item in items:
        item.tally = vote_tally(item)
        item.member_votes = votes_by_member(item)
    present = attendance_map(session)
    return {
        "session": session,
        "body": session.body,
        "members": members,
        "attendance": present,
        "present_members": [m for m in members if present.get(m.pk)],
        "absent_members": [m for m in members if not present.get(m.pk)],
        "quorum": quorum(session),
        "items": items,
        "agreements": list(session.agreements.order_by("sequence")),
    }


def search_sessions(
    user, *, body=None, year=None, kind: str = "", status: str = ""
) -> QuerySet[Session]:
    sessions = Session.objects.filter(body__in=visible_bodies(user)).select_related("body")
    if body:
        sessions = sessions.filter(body=body)
    if year:
        sessions = sessions.filter(year=year)
    if kind:
        sessions = sessions.filter(kind=kind)
    if status:
        sessions = sessions.filter(status=status)
    return sessions


def annual_calendar(body: Body, year: int) -> list[Session]:
    return list(body.sessions.filter(year=year).order_by("date", "kind", "number"))


@dataclass(frozen=True)
class SessionCounts:
    planned: int
    held: int
    held_ordinary: int
    held_extraordinary: int
    cancelled: int
    agreements: int


def _quarter_months(quarter: int | None) -> tuple[int, int]:
    if quarter is None:
        return 1, 12
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1, 2, 3 or 4")
    return 3 * quarter - 2, 3 * quarter


def sessions_held_vs_planned(
    body: Body | None, year: int, quarter: int | None = None
) -> SessionCounts:
    """Public API (planning): sessions planned and held in a year or one quarter.

    ``planned`` counts the ordinary sessions of the annual calendar dated in the
    period (whatever became of them); ``held`` counts every session held in the
    period, ordinary or extraordinary (extraordinary ones are held beyond plan,
    as the 2021 Q2 report explains). ``body=None`` adds up every body."""
    first_month, last_month = _quarter_months(quarter)
    sessions = Session.objects.filter(
        date__year=year, date__month__gte=first_month, date__month__lte=last_month
    )
    agreements = Agreement.objects.filter(
        session__date__year=year,
        session__date__month__gte=first_month,
        session__date__month__lte=last_month,
    ).exclude(status=Agreement.Status.CANCELLED)
    if body is not None:
        sessions = sessions.filter(body=body)
        agreements = agreements.filter(body=body)
    counts = sessions.aggregate(
        planned=Count("pk", filter=Q(kind=Session.Kind.ORDINARY)),
        held=Count("pk", filter=Q(status=Session.Status.HELD)),
        held_ordinary=Count("pk", filter=Q(status=Session.Status.HELD, kind=Session.Kind.ORDINARY)),
        held_extraordinary=Count(
            "pk", filter=Q(status=Session.Status.HELD, kind=Session.Kind.EXTRAORDINARY)
        ),
        cancelled=Count("pk", filter=Q(status=Session.Status.CANCELLED)),
    )
    return SessionCounts(agreements=agreements.count(), **counts)


# --- Agreements -----------------------------------------------------------------------


def search_agreements(
    user,
    *,
    q: str = "",
    body=None,
    year=None,
    status: str = "",
    overdue: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Agreement]:
    agreements = Agreement.objects.filter(body__in=visible_bodies(user)).select_related(
        "body", "session"
    )
    if q:
        agreements = agreements.filter(search_text__contains=normalize_text(q))
    if body:
        agreements = agreements.filter(body=body)
    if year:
        agreements = agreements.filter(year=year)
    if status:
        agreements = agreements.filter(status=status)
    if overdue:
        agreements = _overdue(agreements, today)
    return agreements


def _overdue(agreements: QuerySet[Agreement], today: dt.date | None) -> QuerySet[Agreement]:
    today = today or timezone.localdate()
    return agreements.filter(due_date__lt=today, status__in=Agreement.OPEN_STATUSES).order_by(
        "due_date", "number"
    )


def overdue_agreements(user=None, today: dt.date | None = None) -> QuerySet[Agreement]:
    """Open agreements past their due date, oldest first."""
    agreements = Agreement.objects.select_related("body", "session")
    if user is not None:
        agreements = agreements.filter(body__in=visible_bodies(user))
    return _overdue(agreements, today)


def public_agreements(body: Body) -> QuerySet[Agreement]:
    """Only published agreements; the public page shows number, session, date, text, status."""
    return (
        body.agreements.filter(published=True)
        .select_related("session")
        .only(
            "number",
            "text",
            "status",
            "year",
            "sequence",
            "session__date",
            "session__kind",
            "session__number",
            "session__year",
            "session__body_id",
        )
        .order_by("-year", "-sequence")
    )


def public_bodies() -> QuerySet[Body]:
    return Body.objects.filter(active=True).annotate(
        published_count=Count("agreements", filter=Q(agreements__published=True))
    )


# --- Convenios (public API for the interoperability module) --------------------------


def effective_convenios(system: str | None = None, on_date: dt.date | None = None):
    """Convenios signed or in force whose validity covers ``on_date`` (today by default)."""
    on_date = on_date or timezone.localdate()
    convenios = Convenio.objects.filter(status__in=Convenio.EFFECTIVE_STATUSES).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=on_date),
        Q(end_date__isnull=True) | Q(end_date__gte=on_date),
    )
    if system is not None:
        if system not in SYSTEM_CODES:
            raise ValueError(f"Unknown system {system!r}; expected one of {SYSTEM_CODES}")
        convenios = convenios.filter(systems__contains=system)
    return convenios


def entities_with_convenio(system: str, on_date: dt.date | None = None) -> QuerySet[PublicEntity]:
    """Public API: the entes generadores with an effective convenio covering ``system``."""
    return PublicEntity.objects.filter(
        pk__in=effective_convenios(system, on_date).values("counterpart_id")
    ).order_by("name")


def has_convenio(entity: PublicEntity, system: str, on_date: dt.date | None = None) -> bool:
    """Public API: may ``entity`` deliver ``system`` data on ``on_date``?"""
    return effective_convenios(system, on_date).filter(counterpart=entity).exists()


def convenio_coverage(on_date: dt.date | None = None) -> list[dict]:
    """One row per ente with any effective convenio: which systems it covers."""
    rows: dict[int, dict] = {}
    for convenio in effective_convenios(None, on_date).select_related("counterpart"):
        row = rows.setdefault(
            convenio.counterpart_id,
            {"entity": convenio.counterpart, "systems": set(), "convenios": []},
        )
        row["systems"].update(convenio.system_list)
        row["convenios"].append(convenio)
    result = sorted(rows.values(), key=lambda row: row["entity"].name)
    for row in result:
        row["cells"] = [(code, code in row["systems"]) for code in SYSTEM_CODES]
    return result


def search_convenios(q: str = "", status: str = "", system: str = "", entity=None):
    convenios = Convenio.objects.select_related("counterpart")
    if q:
        convenios = convenios.filter(search_text__contains=normalize_text(q))
    if status:
        convenios = convenios.filter(status=status)
    if system:
        convenios = convenios.filter(systems__contains=system)
    if entity:
        convenios = convenios.filter(counterpart=entity)
    return convenios

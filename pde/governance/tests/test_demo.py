"""The demo data reproduce the bodies and agreement numbers of the 2021 Q2 report."""

from pde.governance import selectors
from pde.governance.demo import load_demo
from pde.governance.models import Agreement, Body, Convenio


def test_demo_loads_the_real_bodies_once(db, shared_dir):
    assert load_demo() == ["CC", "OG", "CE", "CT", "GIA"]
    assert load_demo() == []  # idempotent
    numbers = set(Agreement.objects.values_list("number", flat=True))
    report = (shared_dir / "seed" / "000_3609df59275c0140.txt").read_text()
    for number in (
        "001/CC/SAECH/2021",
        "002/CC/SAECH/2021",
        "003/CC/SAECH/2021",
        "005/OG/SESAECH/2021",
        "006/OG/SESAECH/2021",
    ):
        assert number in report  # the numbers the report cites...
        assert number in numbers  # ...are the ones the platform gives
    cc = Body.objects.get(acronym="CC")
    titles = {s.title for s in cc.sessions.filter(status="held")}
    assert titles == {"Primera Sesión Extraordinaria 2021", "Primera Sesión Ordinaria 2021"}
    ce = Body.objects.get(acronym="CE")
    q2 = selectors.sessions_held_vs_planned(ce, 2021, quarter=2)
    assert (q2.held_ordinary, q2.held_extraordinary) == (1, 2)
    assert Convenio.objects.count() == 9
    om = Convenio.objects.get(counterpart__acronym="OM").counterpart
    assert selectors.has_convenio(om, "S6")


def test_every_demo_page_renders_for_the_legal_officer(client, make_user):
    from django.urls import reverse

    from pde.governance.models import Session

    load_demo()
    client.force_login(make_user("legal_officer"))
    urls = [
        reverse("governance:body_list"),
        reverse("governance:agreement_list"),
        reverse("governance:overdue_list"),
        reverse("governance:convenio_list"),
        reverse("governance:convenio_coverage"),
        reverse("governance:public_bodies"),
    ]
    for body in Body.objects.all():
        urls += [
            reverse("governance:body_detail", args=[body.pk]),
            reverse("governance:body_calendar", args=[body.pk]) + "?year=2021",
            reverse("governance:public_agreements", args=[body.acronym]),
        ]
    for session in Session.objects.all():
        urls.append(reverse("governance:session_detail", args=[session.pk]))
    for agreement in Agreement.objects.all()[:5]:
        urls.append(reverse("governance:agreement_detail", args=[agreement.pk]))
    for convenio in Convenio.objects.all():
        urls.append(reverse("governance:convenio_detail", args=[convenio.pk]))
    for url in urls:
        assert client.get(url).status_code == 200, url
    og = Body.objects.get(acronym="OG")
    page = client.get(reverse("governance:public_agreements", args=["OG"])).content.decode()
    assert "005/OG/SESAECH/2021" in page and og.members.first().full_name not in page

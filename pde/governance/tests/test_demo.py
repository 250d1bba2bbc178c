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

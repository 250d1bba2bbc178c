from django.db import migrations


def seed_reference_data(apps, schema_editor):
    """Areas, the baseline Chiapas rule set, the fractions of art. 85 and the privacy
    registry the seed report names. Idempotent."""
    from pde.transparency import data

    Area = apps.get_model("transparency", "Area")
    RuleSet = apps.get_model("transparency", "RuleSet")
    ObligationFraction = apps.get_model("transparency", "ObligationFraction")
    PrivacyNotice = apps.get_model("transparency", "PrivacyNotice")
    ImpactAssessment = apps.get_model("transparency", "ImpactAssessment")

    areas = {}
    for name, acronym in data.AREAS:
        areas[acronym], _created = Area.objects.get_or_create(
            name=name, defaults={"acronym": acronym}
        )
    baseline = dict(data.BASELINE_RULE_SET)
    RuleSet.objects.get_or_create(effective_from=baseline.pop("effective_from"), defaults=baseline)
    for order, (fraction, title, period, area) in enumerate(data.ARTICLE_85, start=1):
        ObligationFraction.objects.get_or_create(
            article="85",
            fraction=fraction,
            defaults={
                "order": order,
                "title": title,
                "update_period": period,
                "responsible_area": areas[area],
            },
        )
    for notice in data.PRIVACY_NOTICES:
        fields = dict(notice)
        area = areas[fields.pop("area")]
        PrivacyNotice.objects.get_or_create(
            title=fields.pop("title"), defaults={**fields, "area": area}
        )
    for assessment in data.IMPACT_ASSESSMENTS:
        fields = dict(assessment)
        area = areas[fields.pop("area")]
        ImpactAssessment.objects.get_or_create(
            title=fields.pop("title"), defaults={**fields, "area": area}
        )


class Migration(migrations.Migration):
    dependencies = [("transparency", "0001_initial")]

    operations = [migrations.RunPython(seed_reference_data, migrations.RunPython.noop)]

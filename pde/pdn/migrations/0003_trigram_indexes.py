"""PostgreSQL only: trigram (GIN) indexes on the normalized text columns, so the PDN
APIs' substring filters ("jose" finds "José") use an index at any table size. SQLite
(and a PostgreSQL without the pg_trgm extension) simply keeps sequential scans."""

from django.db import migrations

NORMALIZED_COLUMNS = {
    "pdn_procurementservant": [
        "nombres_norm",
        "primer_apellido_norm",
        "segundo_apellido_norm",
        "institucion_norm",
    ],
    "pdn_sanctionedservant": [
        "nombres_norm",
        "primer_apellido_norm",
        "segundo_apellido_norm",
        "institucion_norm",
    ],
    "pdn_sanctionedparticular": [
        "nombre_razon_social_norm",
        "institucion_norm",
        "expediente_norm",
    ],
    "pdn_contractingprocess": [
        "title_norm",
        "buyer_name_norm",
        "supplier_names_norm",
        "item_descriptions_norm",
    ],
}


def _index_name(table: str, column: str) -> str:
    return f"{table.removeprefix('pdn_')[:20]}_{column[:30]}_trgm"


def _trigram_available(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone():
            return True
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if not cursor.fetchone():
            return False
        cursor.execute("SAVEPOINT pde_trgm")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # no privilege to create extensions: keep going without
            cursor.execute("ROLLBACK TO SAVEPOINT pde_trgm")
            return False
        cursor.execute("RELEASE SAVEPOINT pde_trgm")
        return True


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or not _trigram_available(schema_editor):
        return
    quote = schema_editor.quote_name
    for table, columns in NORMALIZED_COLUMNS.items():
        for column in columns:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(_index_name(table, column))} "
                f"ON {quote(table)} USING gin ({quote(column)} gin_trgm_ops)"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table, columns in NORMALIZED_COLUMNS.items():
        for column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {quote(_index_name(table, column))}")


class Migration(migrations.Migration):
    dependencies = [("pdn", "0002_apiclient_apicall")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]

"""A fast bulk UPDATE: one `UPDATE … FROM (VALUES …)` statement per batch.

Django's `bulk_update` builds a CASE WHEN per field and row, which costs seconds per thousand
rows; PostgreSQL and SQLite ≥ 3.33 both join an inline VALUES list instead.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

BATCH = 500
# PostgreSQL types a VALUES column from its literals; an all-NULL column would be text.
PG_CASTS = {
    "BigAutoField": "bigint",
    "ForeignKey": "bigint",
    "OneToOneField": "bigint",
    "BooleanField": "boolean",
    "DateTimeField": "timestamp with time zone",
}


def bulk_update_values(
    objs: Sequence[models.Model], fields: Sequence[str], batch_size: int = BATCH
) -> None:
    """Save `fields` of every object (which must have a pk) in a few statements."""
    if not objs:
        return
    model = type(objs[0])
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        model._default_manager.bulk_update(objs, fields, batch_size=batch_size)
        return
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    targets: list[models.Field[Any, Any]] = []
    for name in fields:
        field = meta.get_field(name)
        assert isinstance(field, models.Field)
        targets.append(field)
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    width = len(targets) + 1
    for start in range(0, len(objs), batch_size):
        batch = objs[start : start + batch_size]
        params: list[Any] = []
        for obj in batch:
            params.append(pk.get_db_prep_value(obj.pk, connection))
            for field in targets:
                params.append(field.get_db_prep_save(getattr(obj, field.attname), connection))
        row = "(" + ", ".join(["%s"] * width) + ")"
        values = ", ".join([row] * len(batch))
        if vendor == "postgresql":
            names = ["k", *(f"c{i}" for i in range(len(targets)))]
            sets = ", ".join(
                f"{qn(str(field.column))} = "
                + (
                    f"CAST(v.c{i} AS {PG_CASTS[field.get_internal_type()]})"
                    if field.get_internal_type() in PG_CASTS
                    else f"v.c{i}"
                )
                for i, field in enumerate(targets)
            )
            sql = (
                f"UPDATE {table} SET {sets} FROM (VALUES {values}) AS v({', '.join(names)}) "
                f"WHERE {table}.{qn(pk.column)} = CAST(v.k AS bigint)"
            )
        else:
            sets = ", ".join(
                f"{qn(str(field.column))} = v.column{i + 2}" for i, field in enumerate(targets)
            )
            sql = (
                f"UPDATE {table} SET {sets} FROM (VALUES {values}) AS v "
                f"WHERE {table}.{qn(pk.column)} = v.column1"
            )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

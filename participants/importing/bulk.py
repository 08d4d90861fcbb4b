"""Fast bulk writes for imports: one `INSERT … RETURNING` or `UPDATE … FROM (VALUES …)` per batch.

Django's `bulk_update` builds a CASE WHEN per field and row, which costs seconds per thousand
rows; PostgreSQL and SQLite ≥ 3.33 both join an inline VALUES list instead. Django's
`bulk_create` compiles every value as an expression (a third of a 10,000-row import's time);
`bulk_insert_values` prepares each value as `bulk_create` finally does (`pre_save`, then
`get_db_prep_save`) and nothing else. Neither sends signals, as Django's bulk methods do not.
Other databases fall back to Django's methods.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

BATCH = 500
MAX_PARAMS = 32_000  # under SQLite's default limit of 32,766 (3.32+); PostgreSQL allows 65,535
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


def bulk_insert_values(objs: Sequence[models.Model], batch_size: int = BATCH) -> None:
    """Insert new objects (no pk yet) in a few statements and set each one's pk."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor not in ("postgresql", "sqlite"):
        model._default_manager.bulk_create(objs, batch_size=batch_size)
        return
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = [f for f in meta.concrete_fields if f is not pk]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(str(f.column)) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    rows_per_batch = max(1, min(batch_size, MAX_PARAMS // len(fields)))
    for start in range(0, len(objs), rows_per_batch):
        batch = objs[start : start + rows_per_batch]
        params = [
            field.get_db_prep_save(field.pre_save(obj, True), connection)
            for obj in batch
            for field in fields
        ]
        sql = (
            f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES {', '.join([row] * len(batch))} "
            f"RETURNING {qn(str(pk.column))}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [r[0] for r in cursor.fetchall()]
        # Both engines return the rows of a multi-row INSERT in the order of its VALUES, as
        # Django's own bulk_create relies on.
        for obj, new_id in zip(batch, ids, strict=True):
            obj.pk = new_id
            obj._state.adding = False
            obj._state.db = connection.alias

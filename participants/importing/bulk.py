"""Fast bulk writes for imports: one `INSERT … RETURNING` or `UPDATE … FROM (VALUES …)` per batch.

Django's `bulk_update` builds a CASE WHEN per field and row, which costs seconds per thousand
rows; PostgreSQL and SQLite ≥ 3.33 both join an inline VALUES list instead. Django's
`bulk_create` compiles every value as an expression (a third of a 10,000-row import's time);
`bulk_insert_values` prepares each value as `bulk_create` finally does (`pre_save`, then
`get_db_prep_save`) and nothing else. Neither sends signals, as Django's bulk methods do not.
Other databases fall back to Django's methods.
"""

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

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


# Fields whose database value is the attribute itself when it is of the plain type below (or
# None): Django's get_db_prep_save would only hand it back after a few calls per value.
_PLAIN: dict[type, type] = {
    models.CharField: str,
    models.EmailField: str,
    models.TextField: str,
    models.BooleanField: bool,
}
_RELATIONS = (models.ForeignKey, models.OneToOneField)
_MISSING = object()


def _plain_type(field: "models.Field[Any, Any]") -> type | None:
    if type(field) in _RELATIONS:
        # A link to an integer key is stored as the int (or None).
        target = field.target_field  # type: ignore[attr-defined]
        return int if isinstance(target, models.IntegerField | models.AutoField) else None
    return _PLAIN.get(type(field))


def _preparer(
    field: "models.Field[Any, Any]", add: bool, now: datetime.datetime
) -> Callable[[models.Model], Any]:
    """What `bulk_create` stores for `field` of an object: pre_save, then get_db_prep_save.

    A timestamp set automatically (`auto_now`, `auto_now_add`) is the same `now` for the whole
    call, converted once, instead of a clock reading per object.
    """
    if type(field) is models.DateTimeField and (field.auto_now or (add and field.auto_now_add)):
        stored = field.get_db_prep_save(now, connection)
        attname = field.attname

        def stamp(obj: models.Model) -> Any:
            setattr(obj, attname, now)
            return stored

        return stamp
    plain = _plain_type(field)
    attname = field.attname
    if plain is not None:

        def fast(obj: models.Model) -> Any:
            value = obj.__dict__.get(attname, _MISSING)
            if value is None or type(value) is plain:
                return value
            return field.get_db_prep_save(field.pre_save(obj, add), connection)

        return fast
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, add), connection)


def _update_preparer(field: "models.Field[Any, Any]") -> Callable[[models.Model], Any]:
    plain = _plain_type(field)
    attname = field.attname
    if plain is not None:

        def fast(obj: models.Model) -> Any:
            value = obj.__dict__.get(attname, _MISSING)
            if value is None or type(value) is plain:
                return value
            return field.get_db_prep_save(getattr(obj, attname), connection)

        return fast
    return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)


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
    # An update stores the attributes as they are (no pre_save, as `bulk_update`).
    preparers = [_update_preparer(field) for field in targets]
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    width = len(targets) + 1
    for start in range(0, len(objs), batch_size):
        batch = objs[start : start + batch_size]
        params: list[Any] = []
        for obj in batch:
            params.append(pk.get_db_prep_value(obj.pk, connection))
            for prepare in preparers:
                params.append(prepare(obj))
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
    now = timezone.now()
    preparers = [_preparer(field, True, now) for field in fields]
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    rows_per_batch = max(1, min(batch_size, MAX_PARAMS // len(fields)))
    for start in range(0, len(objs), rows_per_batch):
        batch = objs[start : start + rows_per_batch]
        params = [prepare(obj) for obj in batch for prepare in preparers]
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

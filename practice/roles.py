"""The iron triangle's three roles (铁三角), kept as data so their names can be edited."""

from typing import Any

# code, Chinese name, English name, order. The first migration seeds the same rows.
TRIANGLE_ROLES = (
    ("account", "客户责任人", "Account responsible", 1),
    ("solution", "解决方案责任人", "Solution responsible", 2),
    ("fulfilment", "交付责任人", "Fulfilment responsible", 3),
)


def triangle_roles_ensure(**_kwargs: Any) -> None:
    """Create any of the three roles that is missing; names edited since are left alone.

    Runs after every migrate (and after a test database is flushed, which empties the rows the
    migration seeded), so an observer can always be asked for each role.
    """
    from practice.models import TriangleRole

    for code, name, name_en, order in TRIANGLE_ROLES:
        TriangleRole.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )

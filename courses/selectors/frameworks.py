"""A framework's items as plain rows: what a questionnaire asks, in the order it asks it."""

from dataclasses import dataclass

from courses.models import Item


@dataclass(frozen=True)
class FrameworkDimension:
    pk: int
    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class FrameworkItem:
    """One item with its dimension, both languages of each text (kamtraining.i18n.localized)."""

    pk: int
    text: str
    text_en: str
    dimension: FrameworkDimension


def framework_item_rows(*, framework_id: int) -> list[FrameworkItem]:
    """Every item of the framework in questionnaire order (dimension order, code, item order)."""
    dimensions: dict[int, FrameworkDimension] = {}
    rows = []
    items = (
        Item.objects.filter(dimension__framework_id=framework_id)
        .select_related("dimension")
        .order_by("dimension__order", "dimension__code", "order", "pk")
    )
    for item in items:
        dimension = item.dimension
        if dimension.pk not in dimensions:
            dimensions[dimension.pk] = FrameworkDimension(
                pk=dimension.pk, code=dimension.code, name=dimension.name, name_en=dimension.name_en
            )
        rows.append(
            FrameworkItem(
                pk=item.pk, text=item.text, text_en=item.text_en, dimension=dimensions[dimension.pk]
            )
        )
    return rows

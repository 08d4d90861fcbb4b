"""The iron triangle's roles are always there to ask observers for."""

import pytest
from django.core.management import call_command

from practice.models import TriangleRole


@pytest.mark.django_db(transaction=True)
def test_the_three_roles_come_back_after_the_database_is_emptied() -> None:
    # given: a flush empties every table, the rows the first migration seeded included
    call_command("flush", interactive=False, verbosity=0)

    # then: the post-migrate step that follows the flush puts the three roles back
    assert list(TriangleRole.objects.order_by("order").values_list("code", "name_en")) == [
        ("account", "Account responsible"),
        ("solution", "Solution responsible"),
        ("fulfilment", "Fulfilment responsible"),
    ]


@pytest.mark.django_db
def test_an_edited_role_name_is_kept_when_the_roles_are_ensured() -> None:
    TriangleRole.objects.filter(code="account").update(name_en="Account owner")

    call_command("migrate", verbosity=0)

    assert TriangleRole.objects.get(code="account").name_en == "Account owner"

"""Every list in the API is paginated the same way: {count, next, previous, results}."""

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db

PAGE_KEYS = {"count", "next", "previous", "results"}


def _list_responses() -> list[tuple[str, dict]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        body = get["responses"].get("200", {}).get("content", {}).get("application/json")
        if body is not None:
            found.append((path, body["schema"]))
    return found


def _resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref")
    return components[ref.rsplit("/", 1)[1]] if ref else schema


def test_no_list_endpoint_in_the_schema_returns_a_bare_array() -> None:
    components = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    bare = [
        path
        for path, schema in _list_responses()
        if _resolve(schema, components).get("type") == "array"
    ]
    assert bare == []


def test_cohort_enrollments_are_paginated(api_as, hr_user) -> None:
    from tests import factories

    cohort = factories.CohortFactory()
    factories.EnrollmentFactory(cohort=cohort)

    body = api_as(hr_user).get(f"/api/v1/cohorts/{cohort.pk}/enrollments/").json()

    assert set(body) == PAGE_KEYS
    assert body["count"] == 1


def test_paginated_lists_name_their_pages_in_the_schema() -> None:
    components = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    paged = {
        path
        for path, schema in _list_responses()
        if set(_resolve(schema, components).get("properties", {})) >= PAGE_KEYS
    }
    assert "/api/v1/cohorts/{id}/enrollments/" in paged
    assert "/api/v1/me/schedule/" in paged

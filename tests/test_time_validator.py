"""One rule for every stored time: aware, in the years 2000–2099; the API says so with a 400."""

import datetime as dt

import jsonschema
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client

from kamtraining.validators import validate_aware_datetime
from tests import factories

UTC = dt.UTC


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(169, 1, 1, tzinfo=UTC),
        dt.datetime(2100, 1, 1, tzinfo=UTC),
        dt.datetime(2000, 1, 1, 7, tzinfo=dt.timezone(dt.timedelta(hours=8))),  # 1999 in UTC
        dt.datetime(2027, 1, 1),  # naive on purpose
    ],
)
def test_the_validator_refuses(value):
    with pytest.raises(ValidationError):
        validate_aware_datetime(value)


@pytest.mark.parametrize(
    "value", [None, dt.datetime(2000, 1, 1, tzinfo=UTC), dt.datetime(2099, 12, 31, 23, tzinfo=UTC)]
)
def test_the_validator_accepts(value):
    validate_aware_datetime(value)


def test_every_time_field_of_the_apps_carries_the_validator():
    fields = [
        f"{model.__name__}.{field.name}"
        for app in ("courses", "participants", "assessments")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.DateTimeField)
        and field.model is model
        and validate_aware_datetime not in field.validators
        and field.name != "last_login"  # Django's own, on the user
    ]
    assert fields == []


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0169", "1999", "2100"])
def test_a_cohort_enrolment_window_out_of_range_is_a_400(api_as, hr_user, year):
    cohort = factories.CohortFactory()
    response = api_as(hr_user).patch(
        f"/api/v1/cohorts/{cohort.pk}/",
        {"enrolment_opens_at": f"{year}-06-01T00:00:00Z"},
        format="json",
    )
    assert response.status_code == 400
    assert "between 2000 and 2099" in str(response.json()["enrolment_opens_at"])
    cohort.refresh_from_db()
    assert cohort.enrolment_opens_at is None


@pytest.mark.django_db
def test_a_campaign_time_out_of_range_is_a_400(api_as, hr_user):
    campaign = factories.CampaignFactory()
    response = api_as(hr_user).patch(
        f"/api/v1/campaigns/{campaign.pk}/",
        {"closes_at": "0169-01-01T00:00:00+08:00"},
        format="json",
    )
    assert response.status_code == 400
    assert "closes_at" in response.json()


@pytest.mark.django_db
def test_a_session_time_out_of_range_is_a_400(api_as, hr_user):
    session = factories.SessionFactory()
    response = api_as(hr_user).patch(
        f"/api/v1/sessions/{session.pk}/",
        {"starts_at": "0169-01-01T09:00:00Z", "ends_at": "0169-01-01T10:00:00Z"},
        format="json",
    )
    assert response.status_code == 400
    assert "starts_at" in response.json()


@pytest.mark.django_db
def test_the_model_refuses_year_169():
    cohort = factories.CohortFactory()
    cohort.enrolment_closes_at = dt.datetime(169, 1, 1, tzinfo=UTC)
    with pytest.raises(ValidationError) as error:
        cohort.full_clean()
    assert "enrolment_closes_at" in error.value.message_dict


@pytest.mark.django_db
def test_an_empty_rater_language_matches_the_schema(hr_user):
    # given an invitation whose rater has no language of their own
    invitation = factories.InvitationFactory(rater_language="")
    client = Client()
    client.force_login(hr_user)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    # when HR lists the campaign's invitations
    response = client.get(f"/api/v1/campaigns/{invitation.campaign_id}/invitations/")
    rows = response.json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    # then the value is one the schema allows
    assert rows[0]["rater_language"] == ""
    for component in ("Invitation", "MyRater"):
        jsonschema.validate(
            "",
            {
                "$ref": f"#/components/schemas/{component}/properties/rater_language",
                "components": schema["components"],
            },
        )

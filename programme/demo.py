"""The demo, assembled from each app's own demo data, in dependency order."""

from assessments import demo as assessments_demo
from certificates import demo as certificates_demo
from courses import demo as courses_demo
from evaluations import demo as evaluations_demo
from participants import demo as participants_demo
from practice import demo as practice_demo

Login = tuple[str, str, str]
DEMO_PASSWORD = courses_demo.DEMO_PASSWORD  # published demo logins, see README


def load(*, rater_link: bool = False) -> list[Login]:
    """Load every app's demo data (idempotent) and return the demo logins.

    `rater_link` makes the published rater link of the demo (see assessments.demo).
    """
    logins: list[Login] = []
    logins += courses_demo.load()  # catalogue, STROBE, the demo cohort and its trainer
    logins += participants_demo.load()  # HR, admin, participants, enrolments, attendance
    logins += assessments_demo.load(rater_link=rater_link)  # campaigns, ratings
    logins += practice_demo.load()  # 吴迪's PARR practice on his goal, observed, accepted
    logins += evaluations_demo.load()  # the course evaluation, answered by most attendees
    logins += certificates_demo.load()  # completion for part of the cohort, 吴迪's certificate
    return logins

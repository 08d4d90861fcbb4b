"""The demo, assembled from each app's own demo data, in dependency order."""

from courses import demo as courses_demo

Login = tuple[str, str, str]


def load() -> list[Login]:
    """Load every app's demo data (idempotent) and return the demo logins."""
    logins: list[Login] = []
    logins += courses_demo.load()
    return logins

"""Demo data of people: HR, admin, participants (incl. 吴迪), enrolments and attendance."""

Login = tuple[str, str, str]


def load() -> list[Login]:
    return []

"""Demo data of 360 feedback: a released campaign with ratings and an open one."""

Login = tuple[str, str, str]


def load() -> list[Login]:
    return []

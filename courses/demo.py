"""Demo data of the catalogue: the seed course and the STROBE framework."""

Login = tuple[str, str, str]


def load() -> list[Login]:
    return []

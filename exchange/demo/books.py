"""What every book the demo makes has, ours or a partner's: an ISBN or ISSN with the
right check digit, and a number of pages that suits its material."""

import random

from stdnum import ean, issn


def isbn13(rng: random.Random, group: str, registrant: str = "") -> str:
    body = "978" + group + registrant
    body += "".join(str(rng.randint(0, 9)) for _ in range(12 - len(body)))
    return body + ean.calc_check_digit(body)


def issn8(rng: random.Random) -> str:
    body = "".join(str(rng.randint(0, 9)) for _ in range(7))
    return body + issn.calc_check_digit(body)


def pages(rng: random.Random, material: str) -> int:
    if material in ("map", "audiovisual") or (material == "electronic" and rng.random() < 0.5):
        return 0
    if material == "serial":
        return rng.randint(60, 240)
    return round(rng.triangular(80, 900, 280))

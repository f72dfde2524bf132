"""Label codes people can read over the phone and type: FB-7K3Q-92XD. Seven random Crockford
base32 symbols and a check symbol (Crockford's mod 37). Pure; no ORM."""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Crockford's check symbols beyond the alphabet; codes whose check would need *, ~, $ or =
# are never issued, so every code stays a URL slug. U is kept.
CHECK_SYMBOLS = ALPHABET + "*~$=U"
PREFIX = "FB"
DATA_SYMBOLS = 7
# Read as people type: any case, O for 0, I and L for 1, dashes and spaces anywhere.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SHAPE = re.compile(rf"^{PREFIX}([{ALPHABET}]{{{DATA_SYMBOLS}}})([{re.escape(CHECK_SYMBOLS)}])$")


def check_symbol(symbols: str) -> str:
    value = 0
    for symbol in symbols:
        value = value * 32 + ALPHABET.index(symbol)
    return CHECK_SYMBOLS[value % 37]


def _formatted(body: str) -> str:
    return f"{PREFIX}-{body[:4]}-{body[4:]}"


def new_code() -> str:
    """A fresh code such as FB-7K3Q-92XD (35 random bits)."""
    while True:
        symbols = "".join(secrets.choice(ALPHABET) for _ in range(DATA_SYMBOLS))
        check = check_symbol(symbols)
        if check.isalnum():
            return _formatted(symbols + check)


def normalized(text: str) -> str | None:
    """The code as issued, from what a person typed; None if it is not a valid code (a typo
    the check symbol catches)."""
    compact = re.sub(r"[\s-]", "", text or "").upper()
    if not compact.startswith(PREFIX):
        return None
    compact = PREFIX + compact[len(PREFIX) :].translate(_READ_AS)
    match = _SHAPE.match(compact)
    if match is None or check_symbol(match.group(1)) != match.group(2):
        return None
    return _formatted(match.group(1) + match.group(2))

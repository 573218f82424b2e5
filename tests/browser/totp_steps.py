"""Sign-in codes for the browser tests, each of a time-step not used yet.

A module of its own, not conftest.py: pytest may import a conftest under a second name, and two
copies of the steps used would hand out one step twice (the server refuses the second).
"""

from __future__ import annotations

import time

import pyotp

from surveys.models import utcnow

_LAST_STEP: dict[str, int] = {}


def unused_code(secret: str) -> str:
    """A code of a time-step this run has not used: the server takes each step once (RFC 6238
    §5.2), so a second sign-in in the same 30 s uses the next step's code, a third waits."""
    totp = pyotp.TOTP(secret)
    step = max(totp.timecode(utcnow()), _LAST_STEP.get(secret, -1) + 1)
    while step > totp.timecode(utcnow()) + 1:  # beyond the server's window of one step
        time.sleep(0.5)
    _LAST_STEP[secret] = step
    return totp.generate_otp(step)

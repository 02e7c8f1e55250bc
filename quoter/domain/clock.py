"""The clock: one shape for 'now' and 'today', with the vendor's time zone applied in one place.

Every rule that depends on the day takes a `VendorClock`: the quote number's year, the day a quote
is priced on, its validity and what 'today' means for every command all come from `today()`, the
date in the vendor's zone, never from the machine's zone or UTC. Tests and the app pass their own
`now`; only the outer shells read the system clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

Now = Callable[[], datetime]
"""The current moment, time-zone aware."""


@dataclass(frozen=True, slots=True)
class VendorClock:
    """The current moment, and the day it is in the vendor's time zone."""

    now: Now
    zone: ZoneInfo

    def moment(self) -> datetime:
        """Now, as an aware datetime (stored as UTC by the register)."""
        moment = self.now()
        if moment.tzinfo is None:
            raise ValueError("the clock must give time-zone aware moments")
        return moment

    def today(self) -> date:
        """Today in the vendor's time zone: the day quotes are numbered, priced and dated on."""
        return self.day_of(self.moment())

    def day_of(self, moment: datetime) -> date:
        """The vendor's day at `moment` (a stored UTC time, say)."""
        return moment.astimezone(self.zone).date()

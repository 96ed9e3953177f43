"""Korean Standard Time: Kiwoom's ``expires_dt`` is KST, and so is the simulator's clock.

On its own so the simulator can use it without importing the HTTP and keyring stack with auth.
"""

from __future__ import annotations

import datetime as dt

KST = dt.timezone(dt.timedelta(hours=9), "KST")

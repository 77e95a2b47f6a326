"""What the register tells higher apps (notifications) without importing them: sent once the
change is committed, so a rolled-back change never sends a mail.

- `status_changed(listing, action, before, reason, on)`: an application or accreditation moved
  (apply, start_assessment, refuse, accredit, renew, expire, suspend, lapse, reinstate, revoke).
- `expiry_approaching(listing, days)`: an accreditation ends in `days` days (the daily job).
"""

from django.db import transaction
from django.dispatch import Signal

status_changed = Signal()
expiry_approaching = Signal()


def send_after_commit(signal: Signal, **kwargs) -> None:
    transaction.on_commit(lambda: signal.send(sender="register", **kwargs))

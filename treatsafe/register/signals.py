"""Signals the register sends, so apps above it (records, notifications) can act without the
register importing them.

- `products_became_unlawful(sender, products)`: after a verdict recompute commits, with
  {product id: reason} for each product whose label became prohibited or that is in an offer
  that became unlawful.
- `status_changed(sender, listing, action, before, reason, on)`: an application or accreditation
  moved (apply, start_assessment, refuse, accredit, renew, expire, suspend, lapse, reinstate,
  revoke); sent once the change is committed, so a rolled-back change never sends a mail.
- `expiry_approaching(sender, listing, days)`: an accreditation ends in `days` days (daily job).
"""

from django.db import transaction
from django.dispatch import Signal

products_became_unlawful = Signal()
status_changed = Signal()
expiry_approaching = Signal()


def send_after_commit(signal: Signal, **kwargs) -> None:
    transaction.on_commit(lambda: signal.send(sender="register", **kwargs))

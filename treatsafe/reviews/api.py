"""JSON API for verified reviews (mounted under /api/v1/ by treatsafe.api)."""

from ninja import Router

router = Router(tags=["reviews"])

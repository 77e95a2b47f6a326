"""JSON API for ingredients (mounted under /api/v1/ by treatsafe.api)."""

from ninja import Router

router = Router(tags=["ingredients"])

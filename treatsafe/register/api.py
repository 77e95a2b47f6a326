"""JSON API for register (mounted under /api/v1/ by treatsafe.api)."""

from ninja import Router

router = Router(tags=["register"])

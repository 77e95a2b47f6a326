"""JSON API for treatments (mounted under /api/v1/ by treatsafe.api)."""

from ninja import Router

router = Router(tags=["treatments"])

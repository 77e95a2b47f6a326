"""Signals the register sends, so apps above it (records) can act without the register
importing them.

`products_became_unlawful(sender, products)`: after a verdict recompute commits, with
{product id: reason} for each product whose label became prohibited or that is in an offer
that became unlawful."""

from django.dispatch import Signal

products_became_unlawful = Signal()

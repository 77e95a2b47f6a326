"""Recall: when a product used in a treatment becomes unlawful (the register's verdict
recompute, through a signal) or an assessor marks a batch as a concern, every record with that
product or batch shows a notice and patients who gave an email are told."""

from django.db import transaction

from treatsafe.core.errors import InvalidInput
from treatsafe.records import clock, notify
from treatsafe.records.models import BatchConcern, RecallNotice, RecordProduct
from treatsafe.register import audit
from treatsafe.register.permissions import require_assessor


def _latest_numbers(record_ids) -> dict[int, int]:
    """Only a record's current version counts: a product corrected away is not in it."""
    from django.db.models import Max

    from treatsafe.records.models import RecordVersion

    rows = (
        RecordVersion.objects.filter(record_id__in=list(record_ids))
        .values("record_id")
        .annotate(latest=Max("number"))
    )
    return {row["record_id"]: row["latest"] for row in rows}


def _notify(rows, kind: str, reason_of) -> int:
    """rows: RecordProduct rows; create one notice per record and product (once)."""
    rows = list(rows.select_related("version"))
    latest = _latest_numbers({row.version.record_id for row in rows})
    made = []
    for row in rows:
        if latest.get(row.version.record_id) != row.version.number:
            continue
        notice, created = RecallNotice.objects.get_or_create(
            record_id=row.version.record_id,
            kind=kind,
            product_name=row.name,
            batch=row.batch if kind == RecallNotice.Kind.BATCH else "",
            defaults={"reason": reason_of(row), "created_at": clock.now()},
        )
        if created:
            made.append(notice)
    for notice in made:
        record = notice.record
        if record.patient_email:
            notify.recall(record, notice)
            RecallNotice.objects.filter(pk=notice.pk).update(emailed_at=clock.now())
    return len(made)


def on_products_unlawful(sender, products: dict[int, str], **kwargs) -> int:
    """Receiver of register.signals.products_became_unlawful."""
    rows = RecordProduct.objects.filter(product_ref__in=list(products))
    return _notify(
        rows,
        RecallNotice.Kind.UNLAWFUL,
        lambda row: (
            f"Our checks now find this product unlawful: {products[row.product_ref]}. "
            "If you have any symptoms, contact your practitioner or NHS 111."
        ),
    )


def mark_batch(user, product_name: str, manufacturer: str, batch: str, reason: str) -> int:
    """An assessor marks a batch as a concern; returns how many records were told."""
    require_assessor(user)
    values = [v.strip() for v in (product_name, manufacturer, batch, reason)]
    if not all(values):
        raise InvalidInput(
            "Give the product name, manufacturer, batch number and the reason.", field="batch"
        )
    product_name, manufacturer, batch, reason = values
    with transaction.atomic():
        concern = BatchConcern.objects.create(
            product_name=product_name,
            manufacturer=manufacturer,
            batch=batch,
            reason=reason,
            assessor=user,
            created_at=clock.now(),
        )
        audit.record(
            user,
            "batch_concern",
            concern,
            practitioner_id=None,
            after={"product": product_name, "manufacturer": manufacturer, "batch": batch},
        )
    rows = RecordProduct.objects.filter(
        name__iexact=product_name, manufacturer__iexact=manufacturer, batch__iexact=batch
    )
    return _notify(rows, RecallNotice.Kind.BATCH, lambda row: reason)

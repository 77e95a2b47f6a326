"""JSON answers sent as built keep the standard library's meaning for every value they hold."""

import datetime as dt
import json
from decimal import Decimal

from django.utils.translation import gettext_lazy

from treatsafe.core.responses import json_response


def test_a_json_answer_means_what_the_standard_encoder_says():
    data = {
        "name": "Clínica Ōsaka",  # not ASCII
        "distance_miles": 0.1 + 0.2,  # shortest float that reads back the same
        "price": Decimal("150.50"),
        "expires": dt.date(2027, 1, 31),
        "label": gettext_lazy("Accredited"),
        "treatments": [],
        "phone": None,
    }
    response = json_response(data, status=201)
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        **data,
        "price": "150.50",
        "expires": "2027-01-31",
        "label": "Accredited",
    }

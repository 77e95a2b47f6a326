from django.contrib import admin
from django.urls import include, path

from treatsafe.api import api

urlpatterns = [
    path("", include("treatsafe.core.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("accounts/", include("treatsafe.accounts.urls")),
    path("postcodes/", include("treatsafe.geo.urls")),
    path("ingredients/", include("treatsafe.ingredients.urls")),
    path("treatments/", include("treatsafe.treatments.urls")),
    path("register/", include("treatsafe.register.urls")),
    path("records/", include("treatsafe.records.urls")),
    path("reviews/", include("treatsafe.reviews.urls")),
]

handler400 = "treatsafe.core.views.bad_request"
handler404 = "treatsafe.core.views.not_found"
handler500 = "treatsafe.core.views.server_error"

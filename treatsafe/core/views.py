from django.shortcuts import render

from treatsafe.core.attribution import ATTRIBUTIONS
from treatsafe.core.pagecache import same_for_everyone_signed_out


@same_for_everyone_signed_out
def home(request):
    return render(request, "core/home.html")


@same_for_everyone_signed_out
def about(request):
    return render(request, "core/about.html", {"attributions": ATTRIBUTIONS})


@same_for_everyone_signed_out
def accessibility(request):
    return render(request, "core/accessibility.html")


def bad_request(request, exception=None):
    return render(request, "core/400.html", status=400)


def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    return render(request, "core/500.html", status=500)

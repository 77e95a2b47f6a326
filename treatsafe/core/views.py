from django.shortcuts import render

from treatsafe.core.attribution import ATTRIBUTIONS


def home(request):
    return render(request, "core/home.html")


def about(request):
    return render(request, "core/about.html", {"attributions": ATTRIBUTIONS})


def accessibility(request):
    return render(request, "core/accessibility.html")


def bad_request(request, exception=None):
    return render(request, "core/400.html", status=400)


def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    return render(request, "core/500.html", status=500)

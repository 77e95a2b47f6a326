import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treatsafe.settings")

from treatsafe.core.serving import edge  # noqa: E402

# The body cap and the trusted-proxy rule wrap the application whatever server runs it.
application = edge(get_wsgi_application())

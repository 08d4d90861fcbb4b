"""The WSGI application bench/pages.py serves under gunicorn: the project plus a trivial view.

`gunicorn bench.server:application`: the project's own settings (production: DEBUG off, the
secret key and the database from the environment), its whole middleware stack, and one more
URL, `/bench/trivial/`, answering "ok" behind that same stack — the floor every page is
measured against. The static files are served by URL only (no collectstatic run): the pages
need their addresses, not a manifest.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamtraining.settings")

import django
from django.conf import settings

settings.ROOT_URLCONF = "bench.server"
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

from kamtraining.urls import urlpatterns as project_urls  # noqa: E402


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *project_urls]
application = get_wsgi_application()

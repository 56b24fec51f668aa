import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_wsgi_application()

# Imported once Django is set up: it reads settings and the URLconf.
from public.readcount import BeaconFloodGuard  # noqa: E402

application = BeaconFloodGuard(application)

"""The WSGI application. The process creates its files readable by the service account only."""

import os

from django.core.wsgi import get_wsgi_application

from paramount.files import private_umask

private_umask()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paramount.settings")
application = get_wsgi_application()

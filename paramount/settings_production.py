"""Production settings: everything in :mod:`paramount.settings`, behind HTTPS, with the secrets
from the environment. ``DJANGO_SETTINGS_MODULE=paramount.settings_production``.

``paramount check --deploy --fail-level WARNING`` passes with these (SECURITY 9; CI checks it).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from paramount.settings import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("PARAMOUNT_SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured(
        "PARAMOUNT_SECRET_KEY must be set to a random value of at least 50 characters in production"
    )
if not os.environ.get("PARAMOUNT_ALLOWED_HOSTS"):
    raise ImproperlyConfigured(
        "PARAMOUNT_ALLOWED_HOSTS must name the host(s) Paramount is served on"
    )

# No demo helpers on a deployment: not from the environment, not from a flag (paramount.access.demo).
PARAMOUNT_DEMO_ALLOWED = False

SECURE_SSL_REDIRECT = True
# Behind a TLS-terminating proxy that sets this header (and strips it from clients).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000  # two years
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

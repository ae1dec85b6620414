"""WSGI entry point of the local runtime."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")
application = get_wsgi_application()

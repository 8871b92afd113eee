"""WSGI entry point, used by gunicorn (`make serve`)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange.config.settings")

application = get_wsgi_application()

# What is loaded now lives as long as the worker: keep the garbage collector from
# scanning it again in every full collection, which with Django loaded takes tens of
# milliseconds in the middle of a request.
gc.freeze()

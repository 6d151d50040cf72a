"""WSGI entry point (gunicorn khooshe.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khooshe.settings")

application = get_wsgi_application()

# What loading the app created lives as long as the process: keep it out of the cyclic
# collector's full passes. Measured in `make bench`: a full pass over the loaded app took
# 40–70 ms, paid by whichever request triggered it. Also keeps pre-forked workers' pages shared.
gc.freeze()

"""Entry point for gunicorn (`gunicorn wsgi:app`) and the flask CLI (`flask --app wsgi …`)."""
import gc

from portal import create_app

app = create_app()
# The application's own objects (routes, models' metadata, catalogues, Babel data) live as long as the worker:
# frozen out of the collector's reach, a full collection no longer walks their ~200 000 objects every few hundred
# requests, a pause of ~300 ms at full size that stalled every thread of the worker (measured in the bench).
gc.freeze()

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("fairbid")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _create_filesystem_broker_folders(sender, source, **kwargs):
    """kombu's filesystem transport (the default broker) needs its folders to exist."""
    options = source.broker_transport_options or {}
    for name in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(name):
            Path(options[name]).mkdir(parents=True, exist_ok=True)

"""gunicorn as the benchmark runs it: the production settings (bench/settings.py), sync
workers, one per core by default, the application loaded once before forking."""

import os

bind = os.environ.get("BENCH_BIND", "127.0.0.1:8090")
workers = int(os.environ.get("BENCH_WORKERS", "2"))
worker_class = "sync"
preload_app = True
timeout = 120
backlog = 2048
accesslog = None
errorlog = os.environ.get("BENCH_GUNICORN_LOG", "-")
loglevel = "warning"
raw_env = ["DJANGO_SETTINGS_MODULE=bench.settings"]

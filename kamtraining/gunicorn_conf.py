"""gunicorn settings from the environment: `gunicorn -c python:kamtraining.gunicorn_conf`.

WEB_CONCURRENCY worker processes of GUNICORN_THREADS threads each. The default, one process
per core plus one with four threads each (3 x 4 on two cores), keeps the cores busy while some
requests wait on the database, without a process per request's worth of memory.
"""

import os

_cores = os.cpu_count() or 1

wsgi_app = "kamtraining.wsgi:application"
bind = [f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", _cores + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread" if threads > 1 else "sync"
# A request longer than this is a bug (large work runs on the Celery worker).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = timeout
# Behind a load balancer that keeps connections open.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Recycle workers now and then so a slow leak never grows; jitter keeps them from all
# restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = max_requests // 10
# Access and error logs on stdout/stderr, for the process manager to collect.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The proxies whose X-Forwarded-* headers are believed (gunicorn reads FORWARDED_ALLOW_IPS too).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

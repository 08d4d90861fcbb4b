"""The Procfile names the processes the README's deployment guide describes, and they exist."""

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _processes() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_procfile_lists_release_web_worker_and_beat() -> None:
    processes = _processes()

    assert set(processes) == {"release", "web", "worker", "beat"}
    assert processes["web"] == "gunicorn -c python:kamtraining.gunicorn_conf"
    assert processes["worker"].startswith("celery -A kamtraining worker")
    assert processes["beat"].startswith("celery -A kamtraining beat")
    assert "migrate" in processes["release"]
    assert "collectstatic" in processes["release"]


def test_gunicorn_config_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    monkeypatch.setenv("GUNICORN_THREADS", "1")
    monkeypatch.setenv("HOST", "127.0.0.1")
    monkeypatch.setenv("PORT", "9123")
    import kamtraining.gunicorn_conf as conf

    conf = importlib.reload(conf)

    assert conf.workers == 7
    assert conf.threads == 1
    assert conf.worker_class == "sync"
    assert conf.bind == ["127.0.0.1:9123"]
    assert conf.wsgi_app == "kamtraining.wsgi:application"


def test_gunicorn_defaults_suit_two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    import kamtraining.gunicorn_conf as conf

    conf = importlib.reload(conf)

    assert (conf.workers, conf.threads, conf.worker_class) == (3, 4, "gthread")
    assert conf.bind == ["0.0.0.0:8000"]

"""`wijzer serve`: how gunicorn is started."""

from __future__ import annotations

import sys

from gunicorn.config import Config  # type: ignore[import-untyped]  # gunicorn ships no type hints

from wijzer.web.management.commands.serve import gunicorn_argv


def test_gunicorn_runs_without_its_control_socket():
    # given the command line that `wijzer serve` executes
    argv = gunicorn_argv("127.0.0.1:8000", workers=3)
    # when gunicorn's own option parser reads it
    config = Config()
    parsed = config.parser().parse_args(argv[3:])
    for name, value in vars(parsed).items():
        if value is not None and name in config.settings:
            config.set(name, value)
    # then
    assert argv[:4] == [sys.executable, "-m", "gunicorn", "wijzer.wsgi:application"]
    assert "--no-control-socket" in argv
    assert config.control_socket_disable is True
    assert config.workers == 3
    assert config.bind == ["127.0.0.1:8000"]
    assert Config().control_socket_disable is False  # gunicorn's default opens the socket

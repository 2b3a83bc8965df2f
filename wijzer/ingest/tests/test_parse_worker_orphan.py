"""The parsing child exits with its parent (W5.1 item 7g): when the parent process is killed, the child does not keep
running (blocked on a full queue, or parsing on)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wijzer.ingest import parse_worker

REPO = Path(__file__).resolve().parents[3]
PARENT = """
import sys, time, multiprocessing
from wijzer.ingest import parse_worker
from wijzer.ingest.tests import pipeline_children
parse_worker.ORPHAN_CHECK_SECONDS = 0.1
with parse_worker.parsed_in_child("csv", [sys.argv[1]], target=getattr(pipeline_children, sys.argv[2])):
    print(multiprocessing.active_children()[0].pid, flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in {"Z", "X"}


def _orphan_lives_on(tmp_path: Path, target: str, *, disarm_signal: bool) -> bool:
    (tmp_path / "leeg.csv").write_text("ean;titel\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if disarm_signal:  # only the watchdog thread is left to notice the parent's death
        env["PYTHONPATH"] = f"{tmp_path}{os.pathsep}{REPO}"
        disarm = (  # prctl(0, …) does nothing
            "from wijzer.ingest import parse_worker\nparse_worker.PR_SET_PDEATHSIG = 0\n"
        )
        (tmp_path / "sitecustomize.py").write_text(disarm)
    parent = subprocess.Popen(  # noqa: S603  # our own module, fixed arguments
        [sys.executable, "-c", PARENT, str(tmp_path / "leeg.csv"), target],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert _alive(child)
    # when the parent is killed (no clean-up can run in it)
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    # then the child ends within a few seconds
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    still = _alive(child)
    if still:
        os.kill(child, signal.SIGKILL)
    return still


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("disarm_signal", [False, True], ids=["pdeathsig", "watchdog"])
def test_a_child_blocked_on_the_full_queue_ends_when_its_parent_is_killed(tmp_path, disarm_signal):
    assert parse_worker.QUEUE_BATCHES < 100  # the flood fills the queue at once
    assert not _orphan_lives_on(tmp_path, "flood", disarm_signal=disarm_signal)

import os
import signal
import subprocess
import sys
from pathlib import Path

import urllib3

from linesim.process import wait_until_up, free_port

ROOT = Path(__file__).resolve().parents[2]


def test_python_m_linesim_takes_settings_and_faults_from_the_environment_and_stops_on_sigterm():
    port = free_port()
    environ = {**os.environ, "LINESIM_PORT": str(port), "LINESIM_ACCESS_TOKEN": "from-env", "LINESIM_QUOTA": "77",
               "LINESIM_FAULTS": "quota_consumption:error_500=1"}
    child = subprocess.Popen([sys.executable, "-m", "linesim"], env=environ, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_up(child, f"http://127.0.0.1:{port}")
        headers = {"Authorization": "Bearer from-env"}
        answer = urllib3.request("GET", f"http://127.0.0.1:{port}/v2/bot/message/quota", headers=headers)
        faulty = urllib3.request("GET", f"http://127.0.0.1:{port}/v2/bot/message/quota/consumption", headers=headers)
    finally:
        child.send_signal(signal.SIGTERM)
        output, _ = child.communicate(timeout=15)

    assert (answer.status, answer.json()) == (200, {"type": "limited", "value": 77})
    assert faulty.status == 500
    assert child.returncode == 0
    assert f"LINE API at http://127.0.0.1:{port}" in output.decode()


def test_a_bad_flag_exits_with_usage():
    child = subprocess.run([sys.executable, "-m", "linesim", "--limits", "slow"], cwd=ROOT, capture_output=True,
                           timeout=60)

    assert child.returncode == 2
    assert b"--limits" in child.stderr

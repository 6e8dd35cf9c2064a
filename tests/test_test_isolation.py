"""The test suite never writes into a real data folder, even on a machine where one is configured."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def test_conftest_replaces_a_configured_data_dir(tmp_path: Path) -> None:
    real = tmp_path / "deployed-data"
    env = {**os.environ, "RECOVERYNAV_DATA_DIR": str(real), "RECOVERYNAV_DATABASE_URL": f"sqlite:///{real}/db"}
    code = "import os, tests.conftest; e = os.environ"
    code += "; print(e['RECOVERYNAV_DATA_DIR'], e.get('RECOVERYNAV_DATABASE_URL'))"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    data_dir, database_url = result.stdout.split()
    assert Path(data_dir) != real and Path(data_dir).is_relative_to(tempfile.gettempdir())
    assert database_url == "None"
    assert not real.exists()

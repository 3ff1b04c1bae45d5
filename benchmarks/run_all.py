"""Runs every benchmark script in this folder (each prints its own figures). `make benchmarks`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = []
for script in sorted(here.glob("*.py")):
    if script.name in {"run_all.py", "_setup.py"}:
        continue
    print(f"\n=== {script.name}", flush=True)
    if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:  # noqa: S603
        failed.append(script.name)
if failed:
    print("failed:", ", ".join(failed))
    sys.exit(1)

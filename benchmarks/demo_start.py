"""How long `make demo` takes the second time: from the command to the first page served (issue 16).

    .venv/bin/python benchmarks/demo_start.py [--data-dir DIR] [--port 8765]

The first start (migrations, TERYT, the demo scenario, static files) runs untimed when DIR has no database yet;
then `kooperacja demo` is started again and timed until http://127.0.0.1:PORT/ answers 200, and
`kooperacja demo --no-serve` (the preparation alone) is timed as well. The SQLite demo of the README is measured
whatever DATABASE_URL says. Prints seconds and the machine load beside them, and the CPU seconds the started
processes used (user + system, the workers included): on a loaded machine the wall time mostly measures waiting
for a core, the CPU time is what an idle machine would spend (on two cores, the workers in parallel).
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KOOPERACJA = ROOT / ".venv" / "bin" / "kooperacja"


def _env(data_dir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"}}
    env.update(KOOPERACJA_ENV="demo", KOOPERACJA_DATA_DIR=str(data_dir), KOOPERACJA_BIND=f"127.0.0.1:{port}")
    env["PYTHONDONTWRITEBYTECODE"] = ""  # as `make demo` runs it: with the bytecode cache
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _serve_until_ready(env: dict[str, str], port: int, timeout: float = 300.0) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        [str(KOOPERACJA), "demo"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        while time.perf_counter() - start < timeout:
            if proc.poll() is not None:
                raise SystemExit(f"kooperacja demo ended with exit code {proc.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    if response.status == 200:
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.05)
        raise SystemExit("the demo did not answer in time")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "kooperacja-demo-start")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    env = _env(args.data_dir, args.port)
    if not (args.data_dir / "kooperacja.sqlite3").exists():
        print(f"first start in {args.data_dir} (untimed: migrations, demo scenario, static files) ...", flush=True)
        subprocess.run([str(KOOPERACJA), "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    cpu0 = _children_cpu()
    start = time.perf_counter()
    subprocess.run([str(KOOPERACJA), "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    prepare = time.perf_counter() - start
    cpu1 = _children_cpu()
    served = _serve_until_ready(env, args.port)
    cpu2 = _children_cpu()  # the server was stopped and reaped: its CPU time (and its workers') is counted
    load = os.getloadavg()[0]
    print(
        f"second start, preparation only (demo --no-serve): {prepare:.2f} s, CPU {cpu1 - cpu0:.2f} s  (load {load:.2f})"
    )
    print(
        f"second start, command to first page served:       {served:.2f} s, CPU {cpu2 - cpu1:.2f} s  (load {load:.2f})"
    )
    sys.exit(0)


if __name__ == "__main__":
    main()

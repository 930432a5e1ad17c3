"""How long `followthrough` takes to start and finish, per command, as a whole process.

Run: .venv/bin/python -m bench.bench_cli_start [--runs 9] [--against /path/to/other/checkout]

Prints the median and range of wall time over several runs (after one warm-up) for
`extract` on a one-page note, `--help` and `status`, beside the bare interpreter's
start, and the median CPU time (user + system) of the process, which a busy shared
machine inflates less than the wall time. With --against, the same commands from
another checkout run interleaved with these, so a before/after comparison holds while
the machine's speed drifts.
Target: `extract` on a one-page note under 0.4 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTE = """# Atlas weekly sync, 2026-11-23

Attendees: Ana Lima, Ben Ode, Cara Diaz

## Notes
- Billing API is on track; the retry logic needs review before launch.
- Mobile login waits on the Billing API.

## Action items
- Ana will finish the Billing API by Friday
- @Ben to update the Mobile login screen by 2026-12-04, blocked by Billing
- [ ] Cara to draft the launch email next week
- ACTION: Ana and Ben to agree on the release checklist by EOM
"""
COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "extract note.md": ["-m", "cli.main", "extract", "note.md", "--meeting-date", "2026-11-23"],
    "--help": ["-m", "cli.main", "--help"],
    "status": ["-m", "cli.main", "status"],
}


def _cpu_of_children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _time_once(argv: list[str], root: Path, workdir: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run. Bytecode is cached (in the scratch directory, not
    the checkouts) as an install caches it: with PYTHONDONTWRITEBYTECODE set, every run
    would compile the sources again."""
    skip = ("FOLLOWTHROUGH_", "OPENAI_", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(
        PYTHONPATH=str(root),
        PYTHONPYCACHEPREFIX=str(workdir / "pycache"),
        DATABASE_URL=f"sqlite:///{workdir / 'ft.db'}",
    )
    cpu, started = _cpu_of_children(), time.perf_counter()
    subprocess.run([sys.executable, *argv], cwd=workdir, env=env, capture_output=True, check=False)
    return time.perf_counter() - started, _cpu_of_children() - cpu


def _prepare(workdir: Path, root: Path) -> None:
    """A program with one ingested note, so `status` has something to show."""
    (workdir / "note.md").write_text(NOTE, encoding="utf-8")
    for argv in (
        ["program", "add", "Atlas"],
        ["ingest", "note.md", "--program", "Atlas", "--meeting-date", "2026-11-23"],
    ):
        _time_once(["-m", "cli.main", *argv], root, workdir)


def _row(label: str, runs: list[tuple[float, float]]) -> str:
    walls = [wall for wall, _ in runs]
    median, low, high = (1000 * t for t in (statistics.median(walls), min(walls), max(walls)))
    cpu = 1000 * statistics.median(cpu for _, cpu in runs)
    return f"| {label} | {median:.0f} ms | {low:.0f}-{high:.0f} ms | {cpu:.0f} ms |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--against", type=Path, help="another checkout to time beside this one")
    args = parser.parse_args()
    roots = {"this checkout": ROOT}
    if args.against:
        roots["against"] = args.against.resolve()
    with tempfile.TemporaryDirectory() as scratch:
        workdirs = {}
        for name, root in roots.items():
            workdirs[name] = Path(scratch) / name.replace(" ", "_")
            workdirs[name].mkdir()
            _prepare(workdirs[name], root)
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for run in range(args.runs + 1):
            for label, argv in COMMANDS.items():
                for name, root in roots.items():
                    took = _time_once(argv, root, workdirs[name])
                    if run:  # the first round warms the file cache and the .pyc files
                        times.setdefault((label, name), []).append(took)
    print(f"{args.runs} runs each after one warm-up; wall time (median, range) and CPU time\n")
    print("| command | median | range | CPU (median) |")
    print("|---|---|---|---|")
    for (label, name), measured in times.items():
        print(_row(label if len(roots) == 1 else f"{label} ({name})", measured))


if __name__ == "__main__":
    main()

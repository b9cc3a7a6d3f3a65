"""Run every scenario under the reference oracle and store its numbers in expected/.

    python record.py [NAME ...]

The oracle is ``$ANNARCHY_ORACLE``, else the first ``shared/tools/oracle`` found in a parent
folder of this one or of the current directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
EXPECTED = HERE / "expected"


def oracle() -> Path:
    if "ANNARCHY_ORACLE" in os.environ:
        return Path(os.environ["ANNARCHY_ORACLE"])
    for base in (*HERE.parents, *Path.cwd().resolve().parents):
        candidate = base / "shared" / "tools" / "oracle"
        if candidate.is_file():
            return candidate
    sys.exit("No reference oracle found: set ANNARCHY_ORACLE.")


def scenarios() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith(("_", "record")))


def record(name: str) -> None:
    out = subprocess.run([str(oracle()), str(HERE / f"{name}.py")], capture_output=True, text=True)
    lines = [x for x in out.stdout.splitlines() if x.startswith("SCENARIO-JSON ")]
    if not lines:
        print(f"{name}: FAILED\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")
        return
    data = json.loads(lines[-1].split(" ", 1)[1])
    (EXPECTED / f"{name}.json").write_text(json.dumps(data, indent=1) + "\n")
    print(f"{name}: recorded")


if __name__ == "__main__":
    for scenario in sys.argv[1:] or scenarios():
        record(scenario)

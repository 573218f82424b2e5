"""Child process of the export benchmark: export every response of a database as CSV.

python bench/export_child.py URL OUT     -> prints one JSON line: rows, seconds, peak_rss_mb
"""

import json
import resource
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from surveys import schema  # noqa: E402,F401
from surveys.exports import export_responses  # noqa: E402


def _peak_rss_mb() -> float:
    """This process's own peak RSS.

    Linux carries ru_maxrss across exec, so getrusage in a child of a big parent reports the
    parent's size; the memory map's high-water mark (VmHWM) starts afresh at exec.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(url: str, out: str) -> None:
    engine = create_engine(url)
    started = time.perf_counter()
    with Session(engine) as session, open(out, "wb") as sink:
        export = export_responses(session, "csv")
        for chunk in export.chunks():
            sink.write(chunk)
    seconds = time.perf_counter() - started
    peak = _peak_rss_mb()
    print(json.dumps({"rows": export.total, "seconds": seconds, "peak_rss_mb": round(peak, 1)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/python3
"""Reference of the CSV benchmark: reads an AudioCaps-format CSV with Python's csv module, as regex_matcher.py does.

    csv_read.py <train.csv>

Prints one JSON line: rows read, milliseconds (open + DictReader over every row, keeping the captions, as the
regex reference reads them), peak RSS in KB (VmHWM, else ru_maxrss).
"""
import csv
import json
import resource
import sys
import time

from regex_matcher import peak_rss_kb


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: csv_read.py <train.csv>")
    t0 = time.perf_counter()
    with open(sys.argv[1], encoding="utf-8", newline="") as f:
        captions = [row["caption"] for row in csv.DictReader(f)]
    ms = (time.perf_counter() - t0) * 1000
    print(
        json.dumps(
            {
                "reader": "python csv",
                "rows": len(captions),
                "ms": ms,
                "maxRssKb": peak_rss_kb(),
                "ruMaxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        )
    )


if __name__ == "__main__":
    main()

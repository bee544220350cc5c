#!/usr/bin/python3
"""Reference for the curation benchmark: a plain regular-expression matcher over the same label forms.

    regex_matcher.py <train.csv> <regexes.json> <flagged.json> [--mode=one|per-label] [--repeats=N]
    regex_matcher.py --idle        peak RSS of this interpreter with its imports, doing nothing

Reads an AudioCaps-format CSV with the csv module and the regexes exported from the compiled patterns of
@zsaudit/data-curation (one per pattern: each slot `\\b(?:w1|w2|...)\\b`, a gap of up to N words
`(?:\\W+\\w+){0,N}?\\W+`, no gap `\\W+`), lowercases each caption and finds every match. Context rules, look-alike
phrases and sentence limits are ignored, so it is a little looser than the real matcher.

--mode one (default): all patterns in one alternation, one finditer per caption.
--mode per-label: one alternation per label, one finditer per label per caption.

Standard library only. Prints one JSON line; writes the indices of the captions with a match to flagged.json.
Times: readMs (JSON + CSV), compileMs, matchMs (median of N passes, default 5, of lowercase + finditer over every
caption; CPython's re has no JIT, so there is no warm-up pass), totalMs (read + compile + one median match pass).
"""
import csv
import json
import re
import resource
import statistics
import sys
import time


def peak_rss_kb() -> int:
    """Peak RSS in KB: VmHWM of /proc/self/status (this process image only), else ru_maxrss.

    ru_maxrss of a spawned child also counts the pages its parent's fork touched before exec, which inflates a
    small process by a few MB depending on the parent; VmHWM does not.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            m = re.search(r"^VmHWM:\s+(\d+) kB", f.read(), re.M)
        if m:
            return int(m.group(1))
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    t_start = time.perf_counter()
    args = [a for a in sys.argv[1:] if not a.startswith(("--mode=", "--repeats="))]
    mode = "one"
    repeats = 5
    for a in sys.argv[1:]:
        if a.startswith("--mode="):
            mode = a.split("=", 1)[1]
        elif a.startswith("--repeats="):
            repeats = int(a.split("=", 1)[1])
    if args == ["--idle"]:
        print(json.dumps({"maxRssKb": peak_rss_kb(), "ruMaxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
        return
    if len(args) != 3 or mode not in ("one", "per-label") or repeats < 1:
        sys.exit("usage: regex_matcher.py <train.csv> <regexes.json> <flagged.json> [--mode=one|per-label] [--repeats=N]")
    csv_file, regex_file, flagged_file = args

    with open(regex_file, encoding="utf-8") as f:
        spec = json.load(f)
    with open(csv_file, encoding="utf-8", newline="") as f:
        captions = [row["caption"] for row in csv.DictReader(f)]
    t_read = time.perf_counter()

    if mode == "one":
        regexes = [re.compile("|".join("(?:%s)" % p["regex"] for p in spec["patterns"]))]
    else:
        by_label = {}
        for p in spec["patterns"]:
            by_label.setdefault(p["label"], []).append("(?:%s)" % p["regex"])
        regexes = [re.compile("|".join(v)) for v in by_label.values()]
    t_compiled = time.perf_counter()

    # Every pass does the same work; the last pass's counts are kept, the median pass time reported.
    pass_ms = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        flagged = []
        hits = 0
        for i, caption in enumerate(captions):
            text = caption.lower()
            n = 0
            for rx in regexes:
                for _m in rx.finditer(text):
                    n += 1
            if n:
                hits += n
                flagged.append(i)
        pass_ms.append((time.perf_counter() - t0) * 1000)
    match_ms = statistics.median(pass_ms)
    max_rss_kb = peak_rss_kb()
    ru_max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    with open(flagged_file, "w", encoding="utf-8") as f:
        json.dump(flagged, f)
    print(
        json.dumps(
            {
                "python": sys.version.split()[0],
                "mode": mode,
                "regexes": len(regexes),
                "patterns": len(spec["patterns"]),
                "captions": len(captions),
                "readMs": (t_read - t_start) * 1000,
                "compileMs": (t_compiled - t_read) * 1000,
                "matchMs": match_ms,
                "passMs": pass_ms,
                "totalMs": (t_compiled - t_start) * 1000 + match_ms,
                "flagged": len(flagged),
                "hits": hits,
                "maxRssKb": max_rss_kb,
                "ruMaxRssKb": ru_max_rss_kb,
            }
        )
    )


if __name__ == "__main__":
    main()

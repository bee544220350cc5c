#!/usr/bin/python3
"""Reference for the curation benchmark: a plain regular-expression matcher over the same label forms.

    regex_matcher.py <train.csv> <regexes.json> <flagged.json> [--mode one|per-label]

Reads an AudioCaps-format CSV with the csv module and the regexes exported from the compiled patterns of
@zsaudit/data-curation (one per pattern: each slot `\\b(?:w1|w2|...)\\b`, a gap of up to N words
`(?:\\W+\\w+){0,N}?\\W+`, no gap `\\W+`), lowercases each caption and finds every match. Context rules, look-alike
phrases and sentence limits are ignored, so it is a little looser than the real matcher.

--mode one (default): all patterns in one alternation, one finditer per caption.
--mode per-label: one alternation per label, one finditer per label per caption.

Standard library only. Prints one JSON line; writes the indices of the captions with a match to flagged.json.
"""
import csv
import json
import re
import resource
import sys
import time


def main() -> None:
    t_start = time.perf_counter()
    args = [a for a in sys.argv[1:] if not a.startswith("--mode")]
    mode = "one"
    for a in sys.argv[1:]:
        if a.startswith("--mode="):
            mode = a.split("=", 1)[1]
    if len(args) != 3 or mode not in ("one", "per-label"):
        sys.exit("usage: regex_matcher.py <train.csv> <regexes.json> <flagged.json> [--mode=one|per-label]")
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

    flagged = []
    hits = 0
    for i, caption in enumerate(captions):
        text = caption.lower()
        n = 0
        for rx in regexes:
            for _ in rx.finditer(text):
                n += 1
        if n:
            hits += n
            flagged.append(i)
    t_end = time.perf_counter()
    max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

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
                "matchMs": (t_end - t_compiled) * 1000,
                "totalMs": (t_end - t_start) * 1000,
                "flagged": len(flagged),
                "hits": hits,
                "maxRssKb": max_rss_kb,
            }
        )
    )


if __name__ == "__main__":
    main()

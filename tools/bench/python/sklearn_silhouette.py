#!/usr/bin/python3
"""Reference for the silhouette benchmark: scikit-learn's silhouette_score on the same matrix.

    sklearn_silhouette.py <x.f32> <labels.i32> <n> <dim> <metric> [--repeats=N]

Reads x (n × dim float32, little-endian, row-major) and labels (n int32), then times only the
sklearn.metrics.silhouette_score call (imports and file reads excluded), best of N runs (default 1).
Prints one JSON line: {"seconds", "score", "sklearn", "numpy", "repeats"}.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.metrics import silhouette_score


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--"))
    x_path, labels_path, n, dim, metric = args[0], args[1], int(args[2]), int(args[3]), args[4]
    repeats = int(opts.get("repeats", "1"))
    x = np.fromfile(x_path, dtype="<f4").reshape(n, dim)
    labels = np.fromfile(labels_path, dtype="<i4")
    best = float("inf")
    score = None
    for _ in range(repeats):
        t = time.perf_counter()
        score = silhouette_score(x, labels, metric=metric)
        best = min(best, time.perf_counter() - t)
    print(
        json.dumps(
            {
                "seconds": best,
                "score": float(score),
                "sklearn": sklearn.__version__,
                "numpy": np.__version__,
                "repeats": repeats,
            }
        )
    )


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Reference for the t-SNE benchmark: scikit-learn's TSNE(method='barnes_hut') on the same matrix.

    sklearn_tsne.py <x.f32> <n> <dim> <perplexity> <seed> <out.f32>

Reads x (n × dim float32, little-endian, row-major), runs TSNE with sklearn's defaults spelled out (2 components,
early exaggeration 12, learning rate 'auto', 1000 iterations, init 'pca', Barnes–Hut with angle 0.5, euclidean),
and writes the embedding (n × 2 float32) to out.f32. Times only the fit_transform call (imports and file reads
excluded); sklearn's Barnes–Hut gradient uses OpenMP on every core it sees.
Prints one JSON line: {"seconds", "kl", "iterations", "sklearn", "numpy", "threads"}.
"""
import inspect
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.manifold import TSNE
from sklearn.utils._openmp_helpers import _openmp_effective_n_threads


def main() -> None:
    x_path, n, dim, perplexity, seed, out_path = sys.argv[1:7]
    x = np.fromfile(x_path, dtype="<f4").reshape(int(n), int(dim))
    # n_iter became max_iter in sklearn 1.5 (n_iter removed in 1.7).
    iters = "max_iter" if "max_iter" in inspect.signature(TSNE).parameters else "n_iter"
    tsne = TSNE(
        n_components=2,
        perplexity=float(perplexity),
        early_exaggeration=12.0,
        learning_rate="auto",
        init="pca",
        method="barnes_hut",
        angle=0.5,
        metric="euclidean",
        random_state=int(seed),
        **{iters: 1000},
    )
    t = time.perf_counter()
    y = tsne.fit_transform(x)
    seconds = time.perf_counter() - t
    y.astype("<f4").tofile(out_path)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "kl": float(tsne.kl_divergence_),
                "iterations": int(tsne.n_iter_) + 1,
                "sklearn": sklearn.__version__,
                "numpy": np.__version__,
                "threads": _openmp_effective_n_threads(),
            }
        )
    )


if __name__ == "__main__":
    main()

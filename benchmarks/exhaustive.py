"""Check helpers.formats.to_bits on every one of the 2**32 float32 bit patterns.

    python benchmarks/exhaustive.py                 # every format, every pattern (make exhaustive)
    python benchmarks/exhaustive.py bf16 fp16       # some formats
    python benchmarks/exhaustive.py --chunks 4      # the first 4 chunks only (a quick try)

For each chunk of 2**24 consecutive patterns and each format, the encoding must equal the
reference cast ``x.astype(<reference dtype>).view(<uint>)`` (numpy.float16, ml_dtypes.bfloat16,
float8_e4m3fn, float8_e5m2, float6_e2m3fn, float6_e3m2fn, float4_e2m1fn, float8_e8m0fnu;
numpy.float32 for FP32), where any NaN pattern may stand for a NaN. The saturating mode is
checked on the same patterns: it must equal the reference cast with every overflow (infinity, or
NaN from a non-NaN input) replaced by the largest finite value of its sign. The MX element types
FP6 and FP4 already saturate in the reference (they have no inf or NaN); E8M0 has no sign, so
only positive inputs overflow (its NaN for zero and negatives stays).

Chunks run in parallel, one process per core. Prints the time and exits with status 1 on the
first format that disagrees, naming the patterns. Outside `make test`: it takes minutes (numpy's
own float16 cast is the slowest part).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time

import numpy as np

from helpers import formats

CHUNK = 1 << 24
CHUNKS = (1 << 32) // CHUNK


def saturated(want: np.ndarray, x: np.ndarray, nan_in: np.ndarray, f: formats.Format):
    """The reference patterns ``want`` of ``x`` with every overflow (infinity, or NaN from a
    non-NaN input; E8M0: from a positive input) replaced by the largest value of its sign."""
    if not f.has_nan:  # FP6, FP4: the reference already saturates
        return want
    overflow = ~nan_in & formats.is_nan(want, f)
    if f.has_inf:
        overflow |= (want & f.magnitude_mask) == f.inf_bits
    if not f.signed:
        overflow &= x > 0
    return np.where(overflow, (want & f.sign_mask) | f.max_bits, want).astype(f.uint)


def check_chunk(job: tuple[int, tuple[str, ...]]) -> list[tuple[str, int, list[int]]]:
    """Mismatches of chunk ``index`` for each format: (format, count, first few patterns)."""
    index, keys = job
    u = np.arange(index * CHUNK, (index + 1) * CHUNK, dtype=np.uint32)
    x = u.view(np.float32)
    nan_in = np.isnan(x)
    found = []
    for key in keys:
        f = formats.get(key)
        with np.errstate(invalid="ignore", over="ignore"):
            expected = x.astype(formats.reference_dtype(key)).view(f.uint)
        for saturate in (False, True):
            got = formats.to_bits(x, key, saturate=saturate)
            want = saturated(expected, x, nan_in, f) if saturate else expected
            bad = (got != want) & ~(formats.is_nan(got, key) & formats.is_nan(want, key))
            if bad.any():
                label = f"{key}{' saturate' if saturate else ''}"
                found.append((label, int(bad.sum()), u[bad][:5].tolist()))
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("formats", nargs="*", default=list(formats.ALL_FORMATS))
    parser.add_argument("--chunks", type=int, default=CHUNKS, help="check the first N chunks")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    for key in args.formats:
        formats.get(key)
        if formats.reference_dtype(key) is None:
            sys.exit(f"the reference of {key} needs ml_dtypes: pip install ml_dtypes")
    n = min(args.chunks, CHUNKS)
    keys = tuple(args.formats)
    print(f"Checking {n} x 2**24 float32 patterns in {', '.join(keys)} ({args.jobs} processes)")
    start = time.perf_counter()
    failures = []
    with multiprocessing.Pool(args.jobs) as pool:
        for done, found in enumerate(
            pool.imap_unordered(check_chunk, [(i, keys) for i in range(n)])
        ):
            failures += found
            if (done + 1) % 16 == 0 or done + 1 == n:
                elapsed = time.perf_counter() - start
                print(f"  {done + 1}/{n} chunks, {elapsed:.0f} s", flush=True)
    elapsed = time.perf_counter() - start
    if failures:
        for label, count, examples in failures:
            print(f"MISMATCH {label}: {count} patterns, e.g. {[hex(e) for e in examples]}")
        return 1
    total = n * CHUNK
    print(f"PASSED: {total:,} patterns x {len(keys)} formats (and saturating mode) agree with the")
    print(f"reference casts, in {elapsed:.0f} s ({elapsed / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

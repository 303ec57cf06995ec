#!/usr/bin/env python3
"""Writes a copy of an event CSV with its rows in a random (seeded) order, the header first.

    python3 bench/shuffle_csv.py IN.csv OUT.csv [--seed 7]

Real exports are rarely in customer and time order; the readers' figures are quoted on shuffled rows.
"""

import argparse
import random


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    with open(a.src, "rb") as f:
        header = f.readline()
        rows = f.read().splitlines(keepends=True)
    if rows and not rows[-1].endswith(b"\n"):
        rows[-1] += b"\n"
    random.Random(a.seed).shuffle(rows)
    with open(a.dst, "wb") as f:
        f.write(header)
        f.writelines(rows)


if __name__ == "__main__":
    main()

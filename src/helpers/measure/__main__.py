"""``python -m helpers.measure [--ranks N] [--quick] [--save PATH]``: measure this machine's
collectives, print the table and the fit; ``--save`` writes the results as JSON (how the course's
recorded run, ``helpers/measure/data/recorded_run.json``, is made)."""

from __future__ import annotations

import argparse

from . import local


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m helpers.measure", description=__doc__)
    parser.add_argument("--ranks", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--quick", action="store_true", help="the notebook's short sweep")
    parser.add_argument("--save", metavar="PATH", help="write the results as JSON")
    args = parser.parse_args(argv)
    results = local.run(args.ranks, quick=args.quick)
    print(results)
    print(results.table())
    print(results.fit().table())
    if args.save:
        results.save(args.save)


if __name__ == "__main__":
    main()

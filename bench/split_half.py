"""Print one half of a labelled JSONL set, split by conversation id: `read` (the first byte of sha1(id) is even) or
`blind` (odd). Validation sets E and F were split this way: misses were read on one half only, so the other stays an
honest measure.

    python bench/split_half.py eval/validation/set-f.jsonl blind > /tmp/f-blind.jsonl
    lurewatch eval /tmp/f-blind.jsonl
"""

from __future__ import annotations

import hashlib
import json
import sys


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[2] not in ("read", "blind"):
        sys.exit("usage: python bench/split_half.py FILE read|blind")
    path, half = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip() and (hashlib.sha1(json.loads(line)["id"].encode()).digest()[0] % 2 == 0) == (half == "read"):
                sys.stdout.write(line)


if __name__ == "__main__":
    main()

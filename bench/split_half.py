"""Print one half of labelled JSONL sets, split by conversation id: `read` (the first byte of sha1(id) is even) or
`blind` (odd). Validation sets are split this way: misses are read on one half only, so the other stays an honest
measure. Several files give the union of their halves; the blind halves of every validation set are the project's
widest unread measure (set-e-blind and set-f-blind are already blind halves and pass whole).

    python bench/split_half.py eval/validation/set-f.jsonl blind > /tmp/f-blind.jsonl
    python bench/split_half.py eval/validation/*.jsonl blind > /tmp/all-blind.jsonl
    lurewatch eval /tmp/all-blind.jsonl
"""

from __future__ import annotations

import hashlib
import json
import sys


def in_read_half(conversation_id: str) -> bool:
    """Whether a conversation of a validation set is in its read half (the first byte of sha1(id) is even)."""
    return hashlib.sha1(conversation_id.encode()).digest()[0] % 2 == 0


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[-1] not in ("read", "blind"):
        sys.exit("usage: python bench/split_half.py FILE... read|blind")
    *paths, half = sys.argv[1:]
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.strip() and in_read_half(json.loads(line)["id"]) == (half == "read"):
                    sys.stdout.write(line)


if __name__ == "__main__":
    main()

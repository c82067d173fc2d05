"""A mixed input folder for `lurewatch batch`: a PAN12 XML corpus, the example chats, and the same chats as CSV, JSONL
(messages of different conversations interleaved) and Parquet. Everything synthetic: generated, or the shipped examples."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from lurewatch import ingest
from lurewatch.model import Conversation
from tests.test_ingest_pan12 import load_gen  # the bench's PAN12 generator, loaded as a module

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
PAN12_MESSAGES, PAN12_CONVERSATIONS = 1200, 60
SMALL_SPLIT = 4096  # bytes: cuts the generated PAN12 file into many ranges, as --jobs cuts a big one
TABLE_FIELDS = ("conversation_id", "author", "text", "time")


def example_conversations() -> list[Conversation]:
    return [c for path in sorted(EXAMPLES.glob("*.txt")) for c in ingest.load([path])]


def interleaved_records(conversations: list[Conversation]) -> list[dict[str, str]]:
    """Every message as a table row, round robin over the conversations: grouping must restore each one's order."""
    records = []
    for index in range(max(len(c.messages) for c in conversations)):
        for conversation in conversations:
            if index < len(conversation.messages):
                message = conversation.messages[index]
                time = message.time.isoformat() if message.time is not None else ""
                records.append(
                    {"conversation_id": conversation.id, "author": message.author, "text": message.text, "time": time}
                )
    return records


def write_mixed_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    load_gen().generate_file(folder / "corpus.xml", PAN12_MESSAGES, PAN12_CONVERSATIONS, seed=7)
    for path in sorted(EXAMPLES.glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
    records = interleaved_records(example_conversations())
    with (folder / "chats.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, TABLE_FIELDS)
        writer.writeheader()
        writer.writerows(records)
    with (folder / "chats.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(record) + "\n" for record in records)
    write_parquet(folder / "chats.parquet", records)
    return folder


def write_parquet(path: Path, records: list[dict[str, str]]) -> None:
    """With the time as a real Parquet timestamp, as a data platform would store it."""
    table = pa.table(
        {
            "conversation_id": [r["conversation_id"] for r in records],
            "author": [r["author"] for r in records],
            "text": [r["text"] for r in records],
            "time": pa.array([r["time"] or None for r in records], pa.string()).cast(pa.timestamp("s")),
        }
    )
    pq.write_table(table, path, row_group_size=7)  # several row groups, read as several record batches

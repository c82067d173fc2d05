"""POST /v1/analyze: the chat of a request (JSON, plain text or an uploaded export file) as the JSON report of
`lurewatch analyze --format json`."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any, Literal

from fastapi import HTTPException, Request
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from lurewatch import ingest
from lurewatch.errors import InputError
from lurewatch.model import Analysis, Conversation, MessageKind
from lurewatch.parallel import analyze_stream
from lurewatch.report.evidence import Evidence, digest_bytes
from lurewatch.report.html import write_html
from lurewatch.report.json import write_json_documents

# A body is read as if it were a file of this name, so detection treats it as `analyze` treats such a file.
BODY_NAMES = {"application/json": "request.json", "text/plain": "request.txt"}
UPLOAD_FIELD = "file"
ReportFormat = Literal["json", "html"]
MEDIA_TYPES: dict[ReportFormat, str] = {"json": "application/json", "html": "text/html; charset=utf-8"}


class MessageIn(BaseModel):
    author: str = Field(min_length=1)
    text: str
    time: str | None = Field(default=None, description="ISO-8601 date-time; a trailing Z means UTC")
    kind: MessageKind = MessageKind.TEXT


class ConversationIn(BaseModel):
    """lurewatch's own JSON chat format (see the README); a `{"conversations": [...]}` document is read too."""

    id: str | None = None
    messages: list[MessageIn]


class AnalysisWithMessages(Analysis):
    """A conversation's analysis plus the messages it was made from (only with `include_messages=true`): what a page
    needs to show the whole chat with the evidence marked in place."""

    messages: list[MessageIn] = Field(default_factory=list)


class Report(BaseModel):
    """The JSON report: the same document `lurewatch analyze --format json` writes."""

    lurewatch_version: str
    conversations: list[AnalysisWithMessages]


def request_body_doc() -> dict[str, Any]:
    """The OpenAPI description of what /v1/analyze reads (the handler reads the body itself, by content type)."""
    return {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ConversationIn"}},
            "text/plain": {"schema": {"type": "string", "example": "Alex: hi, how old are you?\nSam: 13"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {UPLOAD_FIELD: {"type": "string", "format": "binary"}},
                    "required": [UPLOAD_FIELD],
                }
            },
        },
    }


class _InMemoryForm(MultiPartParser):
    """Uploads kept in memory (the body limit bounds them), never spooled to a temporary file: a chat sent to the
    service does not touch the disk."""

    spool_max_size = sys.maxsize


async def read_chat(request: Request) -> tuple[str, bytes]:
    """(name the chat is known by in errors and the report, its bytes) of an /v1/analyze request."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type == "multipart/form-data":
        try:
            form = await _InMemoryForm(request.headers, request.stream(), max_files=1, max_fields=100).parse()
        except MultiPartException as exc:
            raise HTTPException(422, f"multipart body: {exc.message}") from None
        upload = form.get(UPLOAD_FIELD)
        if not isinstance(upload, UploadFile):
            raise HTTPException(422, f'multipart body: no file in the field "{UPLOAD_FIELD}"')
        # Only the file's own name: a client's folder path is neither needed nor kept.
        filename = PurePath((upload.filename or "upload").replace("\\", "/")).name or "upload"
        return filename, await upload.read()
    name = BODY_NAMES.get(media_type)
    if name is None:
        raise HTTPException(
            415, f"content type {media_type or '(none)'}: send application/json, text/plain or multipart/form-data"
        )
    return name, await request.body()


def render_report(
    name: str,
    data: bytes,
    options: dict[str, Any],
    input_format: str | None,
    columns: ingest.ColumnMapping,
    report_format: ReportFormat,
    include_messages: bool = False,
) -> tuple[str, int]:
    """The report of every conversation in `data`, written as `lurewatch analyze --format json|html` writes it, and
    how many conversations it holds. The HTML report's evidence names the upload by its SHA-256. With
    `include_messages`, each conversation of the JSON report also carries its messages."""
    evidence = Evidence(files=(digest_bytes(name, data),))  # the analysis starts now
    conversations = _conversations(name, data, input_format, columns)
    out = io.StringIO()
    if report_format == "html":
        outcomes = analyze_stream(conversations, options, shape="analysis", keep_conversations=True)
        pairs = ((o.analysis, o.conversation) for o in outcomes if o.analysis and o.conversation)
        count = write_html(pairs, out, evidence)
    elif include_messages:
        outcomes = analyze_stream(conversations, options, shape="analysis", keep_conversations=True)
        count = write_json_documents(
            (_with_messages(o.analysis, o.conversation) for o in outcomes if o.analysis and o.conversation), out
        )
    else:
        outcomes = analyze_stream(conversations, options, shape="json")
        count = write_json_documents((outcome.json for outcome in outcomes if outcome.json is not None), out)
    return out.getvalue(), count


def _with_messages(analysis: Analysis, conversation: Conversation) -> str:
    messages = [
        MessageIn(author=m.author, text=m.text, time=m.time.isoformat() if m.time else None, kind=m.kind)
        for m in conversation.messages
    ]
    return AnalysisWithMessages(**dict(analysis), messages=messages).model_dump_json()


def _conversations(
    name: str, data: bytes, input_format: str | None, columns: ingest.ColumnMapping
) -> Iterator[Conversation]:
    try:
        return ingest.read_bytes(name, data, input_format, columns)
    except InputError:
        # A JSON body that is no known export is meant as lurewatch's own JSON: its reader says which field is wrong.
        if input_format is None and name == BODY_NAMES["application/json"]:
            return ingest.read_bytes(name, data, "json", columns)
        raise

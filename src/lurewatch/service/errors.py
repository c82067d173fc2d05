"""Every error the API answers with is one JSON object: what went wrong and, for bad input, where."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from lurewatch.errors import InputError, LurewatchError
from lurewatch.store import StoreError

log = logging.getLogger("lurewatch.service")


class ErrorBody(BaseModel):
    error: str
    where: str | None = None  # for bad input: the field (`query.audience`, `body[2].text`) or `file:line`


def error_response(
    status: int, error: str, where: str | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(ErrorBody(error=error, where=where).model_dump(), status_code=status, headers=dict(headers or {}))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(LurewatchError, _lurewatch_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)


async def _store_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("alert store: %s", exc)  # the store's one line: its URL (no password) and the database's reason
    return error_response(503, "the alert store cannot be reached; the server log says why")


async def _lurewatch_error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, InputError):
        where = f"{exc.where}:{exc.line}" if exc.line is not None else exc.where
        return error_response(422, f"{where}: {exc.message}", where)
    return error_response(422, str(exc))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0]
    where = _location(first.get("loc", ()))
    more = len(exc.errors()) - 1
    tail = f" (and {more} more)" if more else ""
    return error_response(422, f"{where}: {first.get('msg', 'invalid')}{tail}", where)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400:  # FastAPI's word for a body it could not decode: malformed input, 422 like the rest
        return error_response(422, f"body: {exc.detail}", "body")
    return error_response(exc.status_code, str(exc.detail), headers=exc.headers)


def _location(loc: tuple[int | str, ...]) -> str:
    """`body[3].text`, `query.audience`: where a field is, as a person would write it."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "request"

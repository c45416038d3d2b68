"""The upload form's multipart body, read as it arrives.

Starlette's own form parser spools every file to the system's temporary folder (often in
memory) before the handler sees it; a 2 GB video must instead go straight to its place in
content/, counted and checked as it comes. Small fields come first in the form (the CSRF
token, the panel), so a file is only written once the form it belongs to is known to be
genuine: a file part before them is refused.
"""

from __future__ import annotations

from collections.abc import Callable

from python_multipart import MultipartParser
from python_multipart.multipart import parse_options_header

from kiosk.console.refusal import Refused
from kiosk.console.upload import IncomingFile

FIELD_LIMIT = 64 * 1024
FIELDS_LIMIT = 50

# Given the fields read so far and a file part's name, where its bytes go (None: skip it).
FileOpener = Callable[[dict[str, str], str], IncomingFile | None]


class UploadForm:
    def __init__(self, content_type: str, open_file: FileOpener) -> None:
        kind, options = parse_options_header(content_type)
        if kind != b"multipart/form-data" or b"boundary" not in options:
            raise Refused(400, "上传表单的格式不对（应为 multipart/form-data）")
        self.open_file = open_file
        self.fields: dict[str, str] = {}
        self.files: list[IncomingFile] = []  # complete, waiting to be put in place
        self.ended = False
        self._current: IncomingFile | None = None
        self._field: bytearray | None = None
        self._field_name = ""
        self._header = (bytearray(), bytearray())
        self._disposition = b""
        self._parser = MultipartParser(options[b"boundary"], {
            "on_part_begin": self._part_begin, "on_part_data": self._part_data, "on_part_end": self._part_end,
            "on_header_field": self._header_field, "on_header_value": self._header_value,
            "on_header_end": self._header_end, "on_headers_finished": self._headers_finished,
            "on_end": self._end,
        })

    def feed(self, chunk: bytes) -> None:
        self._parser.write(chunk)

    def finish(self) -> None:
        self._parser.finalize()
        if not self.ended:
            raise Refused(400, "上传没有完成（连接中断或表单不完整），什么都没有保存。请重新上传")

    def abandon(self) -> None:
        """Nothing of this form stays on disk."""
        for file in [*self.files, *([self._current] if self._current else [])]:
            file.abandon()

    def _part_begin(self) -> None:
        self._disposition = b""
        self._field = None
        self._current = None

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header[0].extend(data[start:end])

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._header[1].extend(data[start:end])

    def _header_end(self) -> None:
        name, value = self._header
        if bytes(name).lower() == b"content-disposition":
            self._disposition = bytes(value)
        self._header = (bytearray(), bytearray())

    def _headers_finished(self) -> None:
        _kind, options = parse_options_header(self._disposition)
        self._field_name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            filename = options[b"filename"].decode("utf-8", "replace")
            self._current = self.open_file(self.fields, filename) if filename else None
        else:
            if len(self.fields) >= FIELDS_LIMIT:
                raise Refused(400, "表单的字段太多")
            self._field = bytearray()

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._current is not None:
            self._current.feed(data[start:end])
        elif self._field is not None:
            self._field.extend(data[start:end])
            if len(self._field) > FIELD_LIMIT:
                raise Refused(413, "表单里的文字太长")

    def _part_end(self) -> None:
        if self._current is not None:
            self._current.finish()
            self.files.append(self._current)
            self._current = None
        elif self._field is not None:
            self.fields[self._field_name] = self._field.decode("utf-8", "replace")
            self._field = None

    def _end(self) -> None:
        self.ended = True

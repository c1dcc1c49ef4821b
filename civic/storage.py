"""File I/O: where citizens' photos are kept — a directory under the data dir (CITYBOT_DATA_DIR/civic-photos).

An S3-compatible bucket is not implemented yet; the directory can be a mounted volume or network share.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

SAFE_ID = re.compile(r"[0-9A-Z]{26}")
"""Report IDs are ULIDs; anything else never becomes part of a path."""


class PhotoStorage:
    def __init__(self, data_dir: Path):
        self.root = data_dir / "civic-photos"

    def _path(self, report_id: str, index: int, kind: str) -> Path:
        if not SAFE_ID.fullmatch(report_id) or not 0 <= index < 10 or kind not in ("photo", "thumb"):
            raise ValueError("bad photo reference")
        return self.root / report_id / f"{index}.{kind}.jpg"

    def save(self, report_id: str, index: int, photo: bytes, thumb: bytes) -> None:
        for kind, content in (("photo", photo), ("thumb", thumb)):
            path = self._path(report_id, index, kind)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_bytes(content)
            os.replace(partial, path)

    def read(self, report_id: str, index: int, kind: str) -> bytes | None:
        path = self._path(report_id, index, kind)
        return path.read_bytes() if path.exists() else None

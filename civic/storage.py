"""File I/O: where citizens' photos are kept — a directory under the data dir (CITYBOT_DATA_DIR/civic-photos)
by default, or an S3-compatible bucket (AWS S3, MinIO, a cloud's object storage) when CITYBOT_PHOTO_BUCKET is set.

Photos may show faces and number plates: neither store is ever public. The console serves them to logged-in
staff through citybot, and Open311 never links them.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Protocol

SAFE_ID = re.compile(r"[0-9A-Z]{26}")
"""Report IDs are ULIDs; anything else never becomes part of a path or an object key."""
KINDS = ("photo", "thumb")


def photo_name(report_id: str, index: int, kind: str) -> str:
    """`<report ID>/<index>.<kind>.jpg`, the same in a directory and in a bucket."""
    if not SAFE_ID.fullmatch(report_id) or not 0 <= index < 10 or kind not in KINDS:
        raise ValueError("bad photo reference")
    return f"{report_id}/{index}.{kind}.jpg"


class PhotoStorage(Protocol):
    def save(self, report_id: str, index: int, photo: bytes, thumb: bytes) -> None: ...

    def read(self, report_id: str, index: int, kind: str) -> bytes | None: ...


class DirectoryStorage:
    """A directory on this machine (or a mounted volume shared by the web and worker machines)."""

    def __init__(self, root: Path):
        self.root = root

    def save(self, report_id: str, index: int, photo: bytes, thumb: bytes) -> None:
        for kind, content in (("photo", photo), ("thumb", thumb)):
            path = self.root / photo_name(report_id, index, kind)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_bytes(content)
            os.replace(partial, path)      # a reader never sees half a photo

    def read(self, report_id: str, index: int, kind: str) -> bytes | None:
        path = self.root / photo_name(report_id, index, kind)
        return path.read_bytes() if path.exists() else None


class BucketStorage:
    """An S3-compatible bucket, through boto3. Credentials and region come from boto3's usual settings
    (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, or the machine's role); the bucket must exist
    and stay private. A failed call raises, so the photo job is retried and, in the end, marked failed."""

    def __init__(self, bucket: str, prefix: str = "", endpoint: str | None = None):
        self.bucket, self.prefix = bucket, prefix
        self.client = _client(endpoint)

    def _key(self, report_id: str, index: int, kind: str) -> str:
        return self.prefix + photo_name(report_id, index, kind)

    def save(self, report_id: str, index: int, photo: bytes, thumb: bytes) -> None:
        for kind, content in (("photo", photo), ("thumb", thumb)):
            self.client.put_object(Bucket=self.bucket, Key=self._key(report_id, index, kind), Body=content,
                                   ContentType="image/jpeg")

    def read(self, report_id: str, index: int, kind: str) -> bytes | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(report_id, index, kind))
        except self.client.exceptions.NoSuchKey:
            return None
        return answer["Body"].read()


@cache
def _client(endpoint: str | None):
    """One client per endpoint and process (creating one reads boto3's whole service model: ~50 ms)."""
    import boto3
    from botocore.config import Config as BotoConfig

    return boto3.client("s3", endpoint_url=endpoint or None,
                        config=BotoConfig(retries={"max_attempts": 3, "mode": "standard"},
                                          connect_timeout=5, read_timeout=20))


def photo_storage(config) -> PhotoStorage:
    """The city's photo store: its bucket when CITYBOT_PHOTO_BUCKET names one (`bucket` or `bucket/prefix`)."""
    if config.photo_bucket:
        bucket, _, prefix = config.photo_bucket.partition("/")
        return BucketStorage(bucket, prefix.strip("/") + "/" if prefix.strip("/") else "",
                             config.photo_bucket_endpoint or None)
    return DirectoryStorage(config.data_dir / "civic-photos")

"""Where photos are kept: the data dir, or an S3-compatible bucket (a real s3rver, signatures checked)."""

from __future__ import annotations

import dataclasses
import io

import boto3
import pytest
from PIL import Image

from app import create_app
from civic import store
from civic.jobs import fetch_photo
from civic.storage import BucketStorage, DirectoryStorage, photo_storage
from config import Config, ConfigError
from tests.admin.conftest import logged_in_client
from tests.civic.conftest import BUCKET
from tests.civic.helpers import report

REPORT_ID = "01J" + "A" * 23


def jpeg(colour: str = "#336699") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(params=["directory", "bucket"])
def storage(request, tmp_path):
    if request.param == "directory":
        return DirectoryStorage(tmp_path / "civic-photos")
    request.getfixturevalue("bucket_account")
    return BucketStorage(BUCKET, "test/", request.getfixturevalue("s3rver"))


def test_each_store_keeps_a_photo_and_its_thumbnail_and_refuses_odd_references(storage):
    storage.save(REPORT_ID, 0, b"photo bytes", b"thumb bytes")
    assert storage.read(REPORT_ID, 0, "photo") == b"photo bytes"
    assert storage.read(REPORT_ID, 0, "thumb") == b"thumb bytes"
    assert storage.read(REPORT_ID, 1, "photo") is None
    for reference in (("../../etc", 0, "photo"), (REPORT_ID, 11, "photo"), (REPORT_ID, 0, "exif")):
        with pytest.raises(ValueError):
            storage.read(*reference)


def test_the_setting_names_the_bucket_and_its_prefix(tmp_path, s3rver, bucket_account):
    config = Config.from_env({"CITYBOT_DATA_DIR": str(tmp_path), "CITYBOT_PHOTO_BUCKET": f"{BUCKET}/hikaridai/",
                              "CITYBOT_PHOTO_BUCKET_ENDPOINT": s3rver}, dotenv=None)
    chosen = photo_storage(config)
    assert isinstance(chosen, BucketStorage) and (chosen.bucket, chosen.prefix) == (BUCKET, "hikaridai/")
    chosen.save(REPORT_ID, 2, b"p", b"t")
    listed = boto3.client("s3", endpoint_url=s3rver).list_objects_v2(Bucket=BUCKET, Prefix="hikaridai/")
    assert sorted(item["Key"] for item in listed["Contents"]) == [
        f"hikaridai/{REPORT_ID}/2.photo.jpg", f"hikaridai/{REPORT_ID}/2.thumb.jpg"]
    assert isinstance(photo_storage(dataclasses.replace(config, photo_bucket="")), DirectoryStorage)
    with pytest.raises(ConfigError, match="CITYBOT_PHOTO_BUCKET_ENDPOINT must be a URL"):
        Config.from_env({"CITYBOT_PHOTO_BUCKET": BUCKET, "CITYBOT_PHOTO_BUCKET_ENDPOINT": "minio:9000"}, dotenv=None)


def test_a_citizen_s_photo_goes_to_the_bucket_and_staff_see_it(redis, citybot_services, linesim, run_jobs,
                                                                s3rver, bucket_account, monkeypatch):
    monkeypatch.setattr(citybot_services, "config", dataclasses.replace(
        citybot_services.config, photo_bucket=f"{BUCKET}/e2e", photo_bucket_endpoint=s3rver))
    citizen = linesim.create_user("写真 送子")
    linesim.follow(citizen)
    message_id = linesim.image(citizen, jpeg())["events"][0]["message"]["id"]
    filed = report(redis, citizen, photos=(message_id,))
    citybot_services.queue("default").enqueue(fetch_photo, filed.report_id, 0, message_id)
    run_jobs()
    assert store.photo_states(redis, filed.report_id) == {0: "ok"}
    kept = BucketStorage(BUCKET, "e2e/", s3rver).read(filed.report_id, 0, "photo")
    assert Image.open(io.BytesIO(kept)).size == (800, 600)
    client = logged_in_client(create_app(services=citybot_services), redis, "approver", name="suzuki")
    shown = client.get(f"/admin/civic/{filed.report_id}/photo/0/photo")
    assert shown.status_code == 200 and shown.data == kept


def test_a_bucket_that_refuses_leaves_the_report_with_the_photo_marked(citybot_services, redis, linesim, s3rver,
                                                                       bucket_account, monkeypatch):
    monkeypatch.setattr(citybot_services, "config", dataclasses.replace(
        citybot_services.config, photo_bucket="no-such-bucket", photo_bucket_endpoint=s3rver))
    citizen = linesim.create_user("写真 送子")
    linesim.follow(citizen)
    message_id = linesim.image(citizen, jpeg())["events"][0]["message"]["id"]
    filed = report(redis, citizen, photos=(message_id,))
    assert fetch_photo(filed.report_id, 0, message_id) == "failed"       # outside a job: no try left
    assert store.photo_states(redis, filed.report_id)[0] == "failed: 保存できませんでした (NoSuchBucket)"
    assert store.get(redis, filed.report_id).receipt == filed.receipt

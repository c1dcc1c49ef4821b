"""The 友だち集め pages: creating a campaign (checked whole), its QR codes and poster read back as a phone would,
and the table."""

from __future__ import annotations

import io
from xml.etree import ElementTree

import zxingcpp
from PIL import Image

import audit
from campaigns import store
from tests.admin.conftest import csrf_token, logged_in_client

FORM = {"name": "広報ひかり台 1月号", "medium": "広報誌", "starts": "2027-01-01", "ends": "2027-01-31", "cost": "24000"}


def create(client, **changes):
    data = {"csrf_token": csrf_token(client, "/admin/campaigns/new"), **FORM, **changes}
    return client.post("/admin/campaigns/new", data=data)


def decoded(image_bytes: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(image_bytes)))]


def test_a_writer_creates_a_campaign_and_gets_its_short_link_qr_and_poster(line_app, redis):
    client = logged_in_client(line_app, redis, "writer", name="sato")
    created = create(client)
    assert created.status_code == 302
    (campaign,) = store.every(redis)
    assert (campaign.name, campaign.cost) == ("広報ひかり台 1月号", 24000)
    link = f"{line_app.extensions['citybot'].config.public_url}/c/{campaign.code}"
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    assert link in page and "A4 ポスター (PDF)" in page

    assert decoded(client.get(f"/admin/campaigns/{campaign.code}/qr.png").data) == [link]
    svg = client.get(f"/admin/campaigns/{campaign.code}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and ElementTree.fromstring(svg.data).tag.endswith("svg")
    pdf = client.get(f"/admin/campaigns/{campaign.code}/poster.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    assert b"/MediaBox [ 0 0 595.44 841.68 ]" in pdf.data, "A4 portrait"
    assert f'filename="line-poster-{campaign.code}.pdf"' in pdf.headers["Content-Disposition"]
    assert decoded(client.get(f"/admin/campaigns/{campaign.code}/poster.png").data) == [link]
    assert store.account_id(redis, line_app.extensions["citybot"].gateway) == "@linesim", "asked of LINE once"
    assert audit.entries(redis)[0].action == "campaign.create"


def test_bad_input_is_refused_in_japanese_and_nothing_is_stored(line_app, redis):
    client = logged_in_client(line_app, redis, "writer", name="sato")
    answer = create(client, name="", ends="2026-12-01", cost="たくさん")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "保存していません" in html
    for message in ("名前を入力", "終了日は開始日以降", "費用は円単位"):
        assert message in html
    assert store.every(redis) == []


def test_the_table_lists_campaigns_and_only_writers_create_them(line_app, redis):
    writer = logged_in_client(line_app, redis, "writer", name="sato")
    create(writer)
    reader = logged_in_client(line_app, redis, "approver", name="suzuki")
    html = reader.get("/admin/campaigns").get_data(as_text=True)
    assert "広報ひかり台 1月号" in html and 'id="campaign-table"' in html and "数え方" in html
    assert reader.get("/admin/campaigns/new").status_code == 403

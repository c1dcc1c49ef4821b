"""Flask: the segment builder's live answer — the expression's audience size and its Japanese description."""

from __future__ import annotations

from flask import jsonify, request

from admin.blueprint import bp, services
from segments import audience
from segments.expr import SegmentSyntaxError, describe, parse, to_text
from segments.privacy import PRIVACY_FLOOR, display_count

MAX_EXPRESSION = 2000
"""Characters accepted from the builder; a real segment is a few dozen."""


def audience_summary(text: str) -> dict:
    """What staff see under the segment field: who (in words), how many (「10人未満」 below 10), or the error."""
    try:
        expr = parse(text[:MAX_EXPRESSION], services().config.city)
    except SegmentSyntaxError as error:
        return {"ok": False, "error": error.message_ja, "position": error.position}
    size = audience.count(services().redis, expr)
    return {"ok": True, "expression": to_text(expr), "description": describe(expr),
            "count": display_count(size), "small": size < PRIVACY_FLOOR}


@bp.get("/segments/audience.json")
def segment_audience():
    return jsonify(audience_summary(request.args.get("expr", "")))

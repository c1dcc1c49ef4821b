"""HTTP I/O: LINE's reading endpoints: profile, follower IDs, insight followers, quota, bot info, webhook URL."""

from __future__ import annotations

import secrets
from datetime import datetime

from aiohttp import web

from linesim.bodies import answer, read_json
from linesim.errors import NOT_FOUND, LineError, detail, invalid_body
from linesim.insight import followers_insight
from linesim.lineurls import BASIC_ID
from linesim.simulator import SIM
from linesim.state import FollowerPage

FOLLOWER_PAGE_DEFAULT, FOLLOWER_PAGE_MAX = 300, 1000
NEXT_TOKEN_LIFETIME_MS = 24 * 3600 * 1000
NOT_AVAILABLE = "Access to this API is not available for your account"


async def profile(request: web.Request) -> web.Response:
    """404 unless the user is a friend right now (blocked, never added or unknown all look the same)."""
    user = request.app[SIM].state.users.get(request.match_info["user_id"])
    if user is None or not user.is_friend:
        raise LineError(404, NOT_FOUND)
    return answer({"displayName": user.display_name, "userId": user.user_id, "language": user.language})


async def follower_ids(request: web.Request) -> web.Response:
    """Friends' user IDs, `limit` per page; `next` is the `start` of the following page (valid 24 h)."""
    state = request.app[SIM].state
    if not state.account.verified:
        raise LineError(403, NOT_AVAILABLE)
    limit = _page_limit(request.query.get("limit"))
    offset = _page_offset(state, request.query.get("start"))
    friends = state.users.friends()
    page = {"userIds": [user.user_id for user in friends[offset:offset + limit]]}
    if offset + limit < len(friends):
        token = secrets.token_urlsafe(24)
        state.follower_pages[token] = FollowerPage(offset + limit, state.clock.now_ms() + NEXT_TOKEN_LIFETIME_MS)
        page["next"] = token
    return answer(page)


def _page_limit(raw: str | None) -> int:
    if raw is None:
        return FOLLOWER_PAGE_DEFAULT
    if not raw.isdigit() or not 1 <= int(raw) <= FOLLOWER_PAGE_MAX:
        raise invalid_body([detail(f"must be between 1 and {FOLLOWER_PAGE_MAX}", "limit")])
    return int(raw)


def _page_offset(state, start: str | None) -> int:
    if start is None:
        return 0
    page = state.follower_pages.get(start)
    if page is None or state.clock.now_ms() >= page.expires_ms:
        raise LineError(400, "Invalid start param")
    return page.offset


async def insight_followers(request: web.Request) -> web.Response:
    state = request.app[SIM].state
    raw = request.query.get("date")
    if not raw:
        raise LineError(400, "date is required")
    try:
        day = datetime.strptime(raw, "%Y%m%d").date()
    except ValueError:
        raise invalid_body([detail("must be a date in yyyyMMdd format", "date")]) from None
    return answer(followers_insight(day, state.users.all(), state.insight_overrides, state.clock.jst(),
                                    state.account.insight_ready_hour))


async def quota(request: web.Request) -> web.Response:
    return answer(request.app[SIM].state.quota.to_dict())


async def quota_consumption(request: web.Request) -> web.Response:
    state = request.app[SIM].state
    return answer({"totalUsage": state.quota.used(state.clock.now_ms())})


async def bot_info(request: web.Request) -> web.Response:
    account = request.app[SIM].state.account
    return answer({"userId": account.bot_user_id, "basicId": BASIC_ID, "displayName": account.bot_name,
                   "chatMode": "bot", "markAsReadMode": "auto"})


async def webhook_endpoint(request: web.Request) -> web.Response:
    account = request.app[SIM].state.account
    return answer({"endpoint": account.webhook_url or "", "active": bool(account.webhook_url)})


async def set_webhook_endpoint(request: web.Request) -> web.Response:
    body = await read_json(request)
    endpoint = body.get("endpoint") if isinstance(body, dict) else None
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        raise invalid_body([detail("must be a URL", "endpoint")])
    request.app[SIM].state.account.webhook_url = endpoint
    return answer({})


async def test_webhook_endpoint(request: web.Request) -> web.Response:
    """Sends an empty `events` list, as LINE's check does, and reports how the bot answered."""
    sim = request.app[SIM]
    result = await sim.webhooks.send([])
    return answer({"success": result["error"] is None, "timestamp": datetime.now().astimezone().isoformat(),
                   "statusCode": result["status"] or 0, "reason": result["error"] or "OK",
                   "detail": str(result["status"] or "")})


ROUTES = (
    ("GET", "/v2/bot/profile/{user_id}", profile, "profile"),
    ("GET", "/v2/bot/followers/ids", follower_ids, "followers_ids"),
    ("GET", "/v2/bot/insight/followers", insight_followers, "insight_followers"),
    ("GET", "/v2/bot/message/quota", quota, "quota"),
    ("GET", "/v2/bot/message/quota/consumption", quota_consumption, "quota_consumption"),
    ("GET", "/v2/bot/info", bot_info, "bot_info"),
    ("GET", "/v2/bot/channel/webhook/endpoint", webhook_endpoint, "webhook_endpoint_get"),
    ("PUT", "/v2/bot/channel/webhook/endpoint", set_webhook_endpoint, "webhook_endpoint_set"),
    ("POST", "/v2/bot/channel/webhook/test", test_webhook_endpoint, "webhook_test"),
)

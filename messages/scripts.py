"""Redis I/O: the Lua scripts that make each delivery step atomic (Redis runs a script without interleaving).

Every key a script touches is passed in KEYS (named in messages/keys.py); counters `n_<state>` in the run
hash move with each batch state change, so progress is read without scanning batches.
"""

from __future__ import annotations

from redis.client import Pipeline
from redis.commands.core import Script


class _LazyScript:
    """A script registered on first use with the calling client (no connection at import time)."""

    def __init__(self, source: str):
        self.source = source

    def __call__(self, *, keys: list[str], args: list, client):
        if isinstance(client, Pipeline):
            # redis-py would first ask Redis whether the script is loaded, one more round trip per batch: EVAL
            # sends the source instead, and Redis reuses its compiled script.
            return client.eval(self.source, len(keys), *keys, *args)
        return Script(client, self.source)(keys=keys, args=args, client=client)


COMMIT_FREEZE = _LazyScript("""
-- KEYS: run, evaluation (then scratch), base pool, then (language set, language pool) pairs
-- ARGV: ttl, base language, then the language of each pair
-- The evaluated segment is split into pools, one set per language variant, that batches are cut from by scanning
-- them: the evaluation becomes the base pool without copying anyone when the run has one language.
if redis.call('HSETNX', KEYS[1], 'frozen', 1) == 0 then
  redis.call('DEL', KEYS[2])
  return tonumber(redis.call('HGET', KEYS[1], 'recipients'))
end
local total = redis.call('SCARD', KEYS[2])
local languages, base = {}, total
for i = 4, #KEYS, 2 do
  local size = redis.call('SINTERSTORE', KEYS[i + 1], KEYS[2], KEYS[i])
  redis.call('HSET', KEYS[1], 'size:' .. ARGV[i / 2 + 1], size)
  if size > 0 then
    redis.call('EXPIRE', KEYS[i + 1], ARGV[1])
    languages[#languages + 1] = KEYS[i]
    base = base - size
  end
end
if total > 0 then
  if #languages == 0 then
    redis.call('RENAME', KEYS[2], KEYS[3])
  else
    redis.call('SDIFFSTORE', KEYS[3], KEYS[2], unpack(languages))
    redis.call('DEL', KEYS[2])
  end
  redis.call('EXPIRE', KEYS[3], ARGV[1])
end
redis.call('HSET', KEYS[1], 'recipients', total, 'size:' .. ARGV[2], base)
return total
""")

FREEZE_VIEW = _LazyScript("""
-- KEYS: run, segment set, views registry, scratch, the sets the base pool leaves out (the opt-out set, when there
--       is one, then the language sets), then one pool per language set
-- ARGV: ttl, base language, view ID, view (JSON), scan (JSON: what cutting jobs read), has opt-out (1/0), then
--       the languages
-- A segment that is one set is frozen without copying it: each language's pool is copied (few citizens choose
-- another language), and the base pool is the live segment set, read through a frozen view (segments/views.py)
-- registered in this same step.
if redis.call('HSETNX', KEYS[1], 'frozen', 1) == 0 then
  return tonumber(redis.call('HGET', KEYS[1], 'recipients'))
end
local n_languages = #ARGV - 6
local first_language = #KEYS - 2 * n_languages + 1
local optout = ARGV[6] == '1' and KEYS[5] or nil
local total = 0
for i = 0, n_languages - 1 do
  local pool = KEYS[first_language + n_languages + i]
  local size = redis.call('SINTERSTORE', pool, KEYS[2], KEYS[first_language + i])
  if size > 0 and optout then size = redis.call('SDIFFSTORE', pool, pool, optout) end
  if size > 0 then redis.call('EXPIRE', pool, ARGV[1]) end
  redis.call('HSET', KEYS[1], 'size:' .. ARGV[7 + i], size)
  total = total + size
end
local base = redis.call('SCARD', KEYS[2])
if #KEYS > 4 then
  redis.call('SUNIONSTORE', KEYS[4], unpack(KEYS, 5, first_language + n_languages - 1))
  base = base - redis.call('SINTERSTORE', KEYS[4], KEYS[4], KEYS[2])
  redis.call('DEL', KEYS[4])
end
if base > 0 then
  redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
  redis.call('HSET', KEYS[1], 'scan:' .. ARGV[2], ARGV[5])
end
redis.call('HSET', KEYS[1], 'size:' .. ARGV[2], base, 'recipients', total + base)
return total + base
""")

CUT_BATCH = _LazyScript("""
-- KEYS: run, pool (or the segment set its view reads), weekly counts, capped set, leases, recipients, carry, batch,
--       batch members, view's decided set, view's pinned list, views registry, then the sets the view leaves out
-- ARGV: batch no, size, weekly cap, variant, lease until, week ttl, endpoint, run ttl, lease member, retry key, now,
--       view ID ('' when the pool is the run's own set)
-- Cuts one batch under the number its job was given (once: a second call finds it cut). A multicast batch takes
-- the next `size` recipients of its pool's scan: each joins the run's recipients as the scan reaches them, and
-- what a page gives beyond the batch waits in the carry. A pool of the run's own never changes and is deleted when
-- its scan ends. A view's scan passes by the members a change has decided since the freeze and those in a set it
-- leaves out, then takes the members it pinned. When all is taken and the carry is empty, the pool is closed
-- (and its view with it). Returns 1 when the batch exists, 0 when nobody was left for it.
if redis.call('EXISTS', KEYS[8]) == 1 then return 1 end
local size, cap, ttl = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[8]
local cursor_field = 'cursor:' .. ARGV[4]
local view = ARGV[12] ~= '' and ARGV[12] or nil
local scan_filters = {KEYS[6]}    -- anyone met before: a scan may repeat members
if view then
  scan_filters[2] = KEYS[10]
  for i = 13, #KEYS do scan_filters[#scan_filters + 1] = KEYS[i] end
end

local function new_recipients(page, filters)
  -- The members of `page` in none of the `filters` sets, added to the run's recipients.
  local fresh, n, out = {}, 0, {}
  if #page == 0 then return fresh end
  for _, filter in ipairs(filters) do
    if redis.call('EXISTS', filter) == 1 then
      local found = redis.call('SMISMEMBER', filter, unpack(page))
      for i = 1, #page do
        if found[i] == 1 then out[i] = true end
      end
    end
  end
  for i, user in ipairs(page) do
    if not out[i] then n = n + 1; fresh[n] = user end
  end
  if n > 0 then
    redis.call('SADD', KEYS[6], unpack(fresh))
    redis.call('EXPIRE', KEYS[6], ttl)
  end
  return fresh
end

local function next_page()
  -- The next page of the scan, filtered; nil at the end.
  local cursor = redis.call('HGET', KEYS[1], cursor_field) or '0'
  if cursor == 'done' then return nil end
  local reply = redis.call('SSCAN', KEYS[2], cursor, 'COUNT', size)
  if reply[1] == '0' then
    redis.call('HSET', KEYS[1], cursor_field, 'done')
    if not view then redis.call('UNLINK', KEYS[2]) end   -- a view's set is the live segment
  else
    redis.call('HSET', KEYS[1], cursor_field, reply[1])
  end
  return new_recipients(reply[2], scan_filters)
end

local function next_pinned()
  -- After the scan: the view's pinned members not placed yet; nil when there are none.
  if not view then return nil end
  local page = redis.call('LPOP', KEYS[11], size)
  if not page then return nil end
  return new_recipients(page, {KEYS[6]})
end

local recipients = size
if ARGV[7] == 'multicast' then
  local chosen, leftover, n_chosen, n_leftover = {}, {}, 0, 0
  while n_chosen < size do
    local candidates = redis.call('LPOP', KEYS[7], size - n_chosen) or next_page() or next_pinned()
    if not candidates then break end
    for _, user in ipairs(candidates) do
      if n_chosen == size then
        n_leftover = n_leftover + 1; leftover[n_leftover] = user
      elseif cap > 0 and tonumber(redis.call('HGET', KEYS[3], user) or '0') >= cap then
        redis.call('SREM', KEYS[6], user)   -- not a recipient after all
        if redis.call('SADD', KEYS[4], user) == 1 then redis.call('HINCRBY', KEYS[1], 'skipped_cap', 1) end
        redis.call('EXPIRE', KEYS[4], ttl)
      else
        if cap > 0 then redis.call('HINCRBY', KEYS[3], user, 1) end
        n_chosen = n_chosen + 1; chosen[n_chosen] = user
      end
    end
  end
  if n_leftover > 0 then
    redis.call('RPUSH', KEYS[7], unpack(leftover))
    redis.call('EXPIRE', KEYS[7], ttl)
  end
  if cap > 0 then redis.call('EXPIRE', KEYS[3], ARGV[6]) end
  if redis.call('HGET', KEYS[1], cursor_field) == 'done' and redis.call('LLEN', KEYS[7]) == 0
     and (not view or redis.call('LLEN', KEYS[11]) == 0)
     and redis.call('HSETNX', KEYS[1], 'closed:' .. ARGV[4], 1) == 1 then
    redis.call('HINCRBY', KEYS[1], 'pools_open', -1)
    if view then redis.call('HDEL', KEYS[12], view) end
  end
  if n_chosen == 0 then return 0 end
  -- one string, not a list of 500: a single value to store, read and free
  redis.call('SET', KEYS[9], table.concat(chosen, ','), 'EX', ttl)
  recipients = n_chosen
end
redis.call('HSET', KEYS[8], 'no', ARGV[1], 'status', 'pending', 'retry_key', ARGV[10], 'variant', ARGV[4],
           'endpoint', ARGV[7], 'size', recipients, 'attempts', 0, 'lease_until', ARGV[5])
redis.call('HINCRBY', KEYS[1], 'batches', 1)
redis.call('HINCRBY', KEYS[1], 'n_pending', 1)
redis.call('HSET', KEYS[1], 'cut_at', ARGV[11])
redis.call('ZADD', KEYS[5], ARGV[5], ARGV[9])
return 1
""")

CLAIM = _LazyScript("""
-- KEYS: batch, run, leases; ARGV: now, lease until, token, lease member (the caller reads the batch members)
local status = redis.call('HGET', KEYS[1], 'status')
if status == false or status == 'sent' or status == 'failed' then return nil end
local now = tonumber(ARGV[1])
if status == 'claimed' and tonumber(redis.call('HGET', KEYS[1], 'lease_until')) > now then return nil end
redis.call('HINCRBY', KEYS[2], 'n_' .. status, -1)
redis.call('HINCRBY', KEYS[2], 'n_claimed', 1)
redis.call('HSET', KEYS[1], 'status', 'claimed', 'token', ARGV[3], 'lease_until', ARGV[2])
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[4])
local variant = redis.call('HGET', KEYS[1], 'variant')
return {attempts, redis.call('HGET', KEYS[1], 'retry_key'), redis.call('HGET', KEYS[1], 'endpoint'),
        redis.call('HGET', KEYS[2], 'messages:' .. variant), redis.call('HGET', KEYS[2], 'urgent')}
""")

SETTLE = _LazyScript("""
-- KEYS: batch, run, leases, batch members, recipients
-- ARGV: token, new status, lease member, lease until ('' closes the lease), then field/value pairs
if redis.call('HGET', KEYS[1], 'status') ~= 'claimed' or redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then
  return nil
end
local status = ARGV[2]
redis.call('HSET', KEYS[1], 'status', status, unpack(ARGV, 5))
redis.call('HINCRBY', KEYS[2], 'n_claimed', -1)
redis.call('HINCRBY', KEYS[2], 'n_' .. status, 1)
local size = tonumber(redis.call('HGET', KEYS[1], 'size'))
if status == 'sent' then
  redis.call('HINCRBY', KEYS[2], 'delivered', size)
  redis.call('DEL', KEYS[4])
elseif status == 'failed' then
  redis.call('HINCRBY', KEYS[2], 'undelivered', size)
  local members, n = {}, 0
  for user in string.gmatch(redis.call('GET', KEYS[4]) or '', '[^,]+') do n = n + 1; members[n] = user end
  if n > 0 then redis.call('SREM', KEYS[5], unpack(members)) end   -- they received nothing
end
if ARGV[4] == '' then redis.call('ZREM', KEYS[3], ARGV[3]) else redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3]) end
return redis.call('HMGET', KEYS[2], 'planned', 'pools_open', 'batches', 'n_sent', 'n_failed')
""")

import { CHANGES_CHANNEL_PREFIX } from './redis-keys.js';

// Every write is one Lua script: the change-log entry, the state change and the audit entry happen
// atomically, on keys of one hash slot (the channel's `{ch:<channel>}`), so the scripts run on a
// Redis Cluster as on one Redis. Other systems that write headlines should run these same scripts
// (see README, "Redis key layout"). Shared arguments come first so the helpers below read the same
// ARGV slots.
//
// KEYS (writes): 1 items, 2 order, 3 expiry, 4 log, 5 audit, 6 counts[, 7 idempotency]
// ARGV (writes): 1 channel, 2 at (ISO), 3 actor, 4 log length, 5 audit length, then per script.
//
// A write answers its status and cursor, then `view` (the log's last entry after the write) and
// `due`: when the channel's next headline now expires (ms), 'none', or 'same' when the write did not
// move it. The store copies a moved `due` into the global `ajel:{expiring}` with NOTE_DUE, a step of
// its own in another slot.

const STREAM_IDS = `
local function parseId(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local function compareIds(a, b)
  local ams, aseq = parseId(a)
  local bms, bseq = parseId(b)
  if ams ~= bms then return ams < bms and -1 or 1 end
  if aseq ~= bseq then return aseq < bseq and -1 or 1 end
  return 0
end
`;

const HELPERS = `
local items, order, expiry, log, audit, counts = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local channel, at, actor, logLength, auditLength = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local last

-- Takes a headline out of the channel's state, its readers' counts with it.
local function remove(id)
  redis.call('HDEL', items, id)
  redis.call('ZREM', order, id)
  redis.call('ZREM', expiry, id)
  redis.call('HDEL', counts, id)
end

-- The text a headline's JSON carries, for the audit log; '' when it has none (a malformed entry).
local function textOf(json)
  if not json then return '' end
  local ok, decoded = pcall(cjson.decode, json)
  if ok and type(decoded) == 'table' and type(decoded.text) == 'string' then return decoded.text end
  return ''
end

-- Appends a change to the log and its audit entry; text is the headline's text as it now is, or
-- as it was for a removal. Trims with XDEL rather than MAXLEN: only XDEL moves
-- max-deleted-entry-id, which tells a reader whose cursor is older than the log that it has missed changes.
local function append(kind, id, headline, by, text)
  local cursor
  if headline then
    cursor = redis.call('XADD', log, '*', 'type', kind, 'id', id, 'headline', headline, 'at', at)
  else
    cursor = redis.call('XADD', log, '*', 'type', kind, 'id', id, 'at', at)
  end
  local excess = redis.call('XLEN', log) - tonumber(logLength)
  if excess > 0 then
    for _, entry in ipairs(redis.call('XRANGE', log, '-', '+', 'COUNT', excess)) do redis.call('XDEL', log, entry[1]) end
  end
  redis.call('XADD', audit, 'MAXLEN', '~', auditLength, '*',
    'at', at, 'actor', by, 'action', kind, 'channel', channel, 'id', id, 'cursor', cursor, 'text', text)
  last = cursor
  return cursor
end

-- When the channel's next headline expires (ms), or 'none'.
local function firstDue()
  local first = redis.call('ZRANGE', expiry, 0, 0, 'WITHSCORES')
  return first[2] or 'none'
end

-- Wakes the followers on a Cluster (a failed wake-up must not fail the write: the log is the
-- truth, and followers read it again within seconds anyway), and answers view and due.
local function finish(dueBefore)
  redis.pcall('PUBLISH', '${CHANGES_CHANNEL_PREFIX}' .. channel, last)
  local due = firstDue()
  if due == dueBefore then due = 'same' end
  return last, due
end
`;

/**
 * ARGV 6 id, 7 headline JSON, 8 published ms, 9 expiry ms or '', 10 max items, 11 idempotency TTL or '',
 * 12 body digest (hex) or ''. KEYS 7 is the caller's idempotency record (see `keys.idempotency`):
 * with the same digest it replays the first headline, with another it answers 'reused' and writes nothing.
 */
export const PUBLISH = `${HELPERS}
local id, headline, publishedMs, expiresMs, maxItems, idempotencyTtl, digest = ARGV[6], ARGV[7], ARGV[8], ARGV[9], tonumber(ARGV[10]), ARGV[11], ARGV[12]
if idempotencyTtl ~= '' then
  local earlier = redis.call('GET', KEYS[7])
  if earlier then
    if cjson.decode(earlier).digest ~= digest then return {'reused'} end
    return {'replayed', earlier}
  end
end
local dueBefore = firstDue()
redis.call('HSET', items, id, headline)
redis.call('ZADD', order, publishedMs, id)
if expiresMs ~= '' then redis.call('ZADD', expiry, expiresMs, id) end
local cursor = append('publish', id, headline, actor, textOf(headline))
local excess = redis.call('ZCARD', order) - maxItems
if excess > 0 then
  for _, old in ipairs(redis.call('ZRANGE', order, 0, excess - 1)) do
    local oldText = textOf(redis.call('HGET', items, old))
    remove(old)
    append('evict', old, nil, 'system', oldText)
  end
end
if idempotencyTtl ~= '' then
  redis.call('SET', KEYS[7], '{"cursor":"' .. cursor .. '","digest":' .. cjson.encode(digest) .. ',"headline":' .. headline .. '}', 'EX', idempotencyTtl)
end
return {'published', cursor, finish(dueBefore)}
`;

/** ARGV 6 id, 7 headline JSON, 8 expected revision, 9 expiry ms or ''. */
export const REPLACE = `${HELPERS}
local id, headline, expectedRev, expiresMs = ARGV[6], ARGV[7], tonumber(ARGV[8]), ARGV[9]
local current = redis.call('HGET', items, id)
if not current then return {'missing'} end
if tonumber(cjson.decode(current).rev) ~= expectedRev then return {'conflict'} end
local dueBefore = firstDue()
redis.call('HSET', items, id, headline)
if expiresMs == '' then redis.call('ZREM', expiry, id) else redis.call('ZADD', expiry, expiresMs, id) end
local cursor = append('update', id, headline, actor, textOf(headline))
return {'updated', cursor, finish(dueBefore)}
`;

/** ARGV 6 id. */
export const RETRACT = `${HELPERS}
local id = ARGV[6]
local current = redis.call('HGET', items, id)
if not current then return {'missing'} end
local dueBefore = firstDue()
remove(id)
local cursor = append('retract', id, nil, actor, textOf(current))
return {'retracted', cursor, finish(dueBefore)}
`;

/**
 * ARGV 6 now (ms). Safe to run from every node at once: a headline expires once. Answers how many
 * expired, the log's last entry and the channel's next expiry ('none', never 'same': a sweeper
 * always writes what it found back into `ajel:{expiring}`).
 */
export const EXPIRE = `${HELPERS}
local expired = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', expiry, '-inf', ARGV[6])) do
  redis.call('ZREM', expiry, id)
  local current = redis.call('HGET', items, id)
  if current then
    remove(id)
    append('expire', id, nil, 'system', textOf(current))
    expired = expired + 1
  end
end
if expired > 0 then redis.pcall('PUBLISH', '${CHANGES_CHANNEL_PREFIX}' .. channel, last) end
local newest = redis.call('XREVRANGE', log, '+', '-', 'COUNT', 1)[1]
return {expired, newest and newest[1] or '0-0', firstDue()}
`;

/**
 * KEYS 1 items, 2 counts; ARGV 1 partner or '', 2 JSON `{"impressions":[ids],"clicks":[ids]}`. Adds
 * to the counts (JSON `HeadlineCounts`) of the ids that are live headlines, in the same step that
 * checks they are, so a headline removed meanwhile keeps no counts.
 */
export const ADD_COUNTS = `
local partner, batch = ARGV[1], cjson.decode(ARGV[2])
local function add(ids, field)
  for _, id in ipairs(ids) do
    if redis.call('HEXISTS', KEYS[1], id) == 1 then
      local stored = redis.call('HGET', KEYS[2], id)
      local c = stored and cjson.decode(stored) or {seen = 0, clicked = 0, partners = {}}
      c[field] = c[field] + 1
      if partner ~= '' then
        local p = c.partners[partner] or {seen = 0, clicked = 0}
        p[field] = p[field] + 1
        c.partners[partner] = p
      end
      redis.call('HSET', KEYS[2], id, cjson.encode(c))
    end
  end
end
add(batch.impressions, 'seen')
add(batch.clicks, 'clicked')
return 1
`;

/** KEYS 1 expiry, 2 log. The channel's next expiry ('none') and the log position it was read at. */
export const DUE = `
local newest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {newest and newest[1] or '0-0', first[2] or 'none'}
`;

/**
 * KEYS 1 `ajel:{expiring}`, 2 `ajel:{expiring}:view`; ARGV 1 channel, 2 the log position the due
 * time was read at, 3 due (ms) or 'none'. Keeps the newest view of each channel: two writers'
 * notes, or a writer's and a sweeper's, may arrive in either order, and the older one changes nothing.
 */
export const NOTE_DUE = `${STREAM_IDS}
local seen = redis.call('HGET', KEYS[2], ARGV[1])
if seen and compareIds(seen, ARGV[2]) > 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
if ARGV[3] == 'none' then redis.call('ZREM', KEYS[1], ARGV[1]) else redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1]) end
return 1
`;

const STREAM_POSITION = `${STREAM_IDS}
local function streamInfo(key)
  if redis.call('EXISTS', key) == 0 then return '0-0', '0-0', nil end
  local info = redis.call('XINFO', 'STREAM', key)
  local last, maxDeleted, first = '0-0', '0-0', nil
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then last = info[i + 1]
    elseif info[i] == 'max-deleted-entry-id' then maxDeleted = info[i + 1]
    elseif info[i] == 'first-entry' and info[i + 1] then first = info[i + 1][1] end
  end
  return last, maxDeleted, first
end
`;

/** KEYS 1 items, 2 log. Returns the log position and every headline, read at one instant. */
export const SNAPSHOT = `${STREAM_POSITION}
local last = streamInfo(KEYS[2])
return {last, redis.call('HVALS', KEYS[1])}
`;

/** KEYS 1 log; ARGV 1 cursor, 2 limit. */
export const CHANGES_SINCE = `${STREAM_POSITION}
local cursor, limit = ARGV[1], ARGV[2]
local last, maxDeleted, first = streamInfo(KEYS[1])
if compareIds(cursor, last) > 0 or compareIds(cursor, maxDeleted) < 0 then return {'stale'} end
-- Nothing was ever trimmed, so the first entry is the log's first: a cursor before it comes from
-- another log (Redis lost its data, or the embedded store restarted).
if cursor ~= '0-0' and maxDeleted == '0-0' and first and compareIds(cursor, first) < 0 then return {'stale'} end
-- A cursor past every trim names an entry the log must hold. One it lacks comes from a history the
-- log no longer has: a primary that died before its last writes reached the replica now primary.
if cursor ~= '0-0' and compareIds(cursor, maxDeleted) > 0 and #redis.call('XRANGE', KEYS[1], cursor, cursor) == 0 then return {'stale'} end
return {'changes', redis.call('XRANGE', KEYS[1], '(' .. cursor, '+', 'COUNT', limit)}
`;

/**
 * KEYS 1 partners hash, 2 partners version; ARGV 1 id, 2 partner JSON, 3 expected revision ('' to
 * create). Returns 'exists', 'missing', 'conflict' or 'ok'; every write moves the version.
 */
export const PUT_PARTNER = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[3] == '' then
  if current then return 'exists' end
else
  if not current then return 'missing' end
  local ok, decoded = pcall(cjson.decode, current)
  if not ok or decoded.rev ~= tonumber(ARGV[3]) then return 'conflict' end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('INCR', KEYS[2])
return 'ok'
`;

/** KEYS 1 the channel's registration, 2 its record; ARGV 1 record JSON. */
export const CREATE_CHANNEL = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
redis.call('SET', KEYS[1], '1')
redis.call('SET', KEYS[2], ARGV[1])
return 'created'
`;

/**
 * KEYS 1 the channel's registration, 2 its record; ARGV 1 slug, 2 record JSON, 3 expected revision
 * (0 when none is stored; a record that does not look like one counts as none, as the store's
 * reader, storedChannelSchema, would not take it either).
 */
export const WRITE_CHANNEL_RECORD = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
local current = redis.call('GET', KEYS[2])
local rev = 0
if current then
  local ok, r = pcall(cjson.decode, current)
  local function text(value) return type(value) == 'string' end
  if ok and type(r) == 'table' and r.channel == ARGV[1] and type(r.rev) == 'number' and r.rev >= 1
    and text(r.title) and text(r.description) and text(r.lang) and text(r.label) and (r.dir == 'rtl' or r.dir == 'ltr')
    and (r.link == nil or (text(r.link) and (string.sub(r.link, 1, 7) == 'http://' or string.sub(r.link, 1, 8) == 'https://'))) then
    rev = r.rev
  end
end
if rev ~= tonumber(ARGV[3]) then return 'conflict' end
redis.call('SET', KEYS[2], ARGV[2])
return 'written'
`;

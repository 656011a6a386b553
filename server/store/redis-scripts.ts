// Every write is one Lua script: the change-log entry, the state change and the audit entry happen
// atomically. Other systems that write headlines should run these same scripts (see README, "Redis
// key layout"). Shared arguments come first so the helpers below read the same ARGV slots.
//
// KEYS (writes): 1 items, 2 order, 3 expiry, 4 log, 5 expiring, 6 audit[, 7 idempotency]
// ARGV (writes): 1 channel, 2 at (ISO), 3 actor, 4 log length, 5 audit length, then per script.

const HELPERS = `
local items, order, expiry, log, expiring, audit = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local channel, at, actor, logLength, auditLength = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]

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
  return cursor
end

local function refreshExpiring()
  local first = redis.call('ZRANGE', expiry, 0, 0, 'WITHSCORES')
  if first[2] then redis.call('ZADD', expiring, first[2], channel) else redis.call('ZREM', expiring, channel) end
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
redis.call('HSET', items, id, headline)
redis.call('ZADD', order, publishedMs, id)
if expiresMs ~= '' then redis.call('ZADD', expiry, expiresMs, id) end
local cursor = append('publish', id, headline, actor, textOf(headline))
local excess = redis.call('ZCARD', order) - maxItems
if excess > 0 then
  for _, old in ipairs(redis.call('ZRANGE', order, 0, excess - 1)) do
    local oldText = textOf(redis.call('HGET', items, old))
    redis.call('HDEL', items, old)
    redis.call('ZREM', order, old)
    redis.call('ZREM', expiry, old)
    append('evict', old, nil, 'system', oldText)
  end
end
refreshExpiring()
if idempotencyTtl ~= '' then
  redis.call('SET', KEYS[7], '{"cursor":"' .. cursor .. '","digest":' .. cjson.encode(digest) .. ',"headline":' .. headline .. '}', 'EX', idempotencyTtl)
end
return {'published', cursor}
`;

/** ARGV 6 id, 7 headline JSON, 8 expected revision, 9 expiry ms or ''. */
export const REPLACE = `${HELPERS}
local id, headline, expectedRev, expiresMs = ARGV[6], ARGV[7], tonumber(ARGV[8]), ARGV[9]
local current = redis.call('HGET', items, id)
if not current then return {'missing'} end
if tonumber(cjson.decode(current).rev) ~= expectedRev then return {'conflict'} end
redis.call('HSET', items, id, headline)
if expiresMs == '' then redis.call('ZREM', expiry, id) else redis.call('ZADD', expiry, expiresMs, id) end
local cursor = append('update', id, headline, actor, textOf(headline))
refreshExpiring()
return {'updated', cursor}
`;

/** ARGV 6 id. */
export const RETRACT = `${HELPERS}
local id = ARGV[6]
local current = redis.call('HGET', items, id)
if not current then return {'missing'} end
redis.call('HDEL', items, id)
redis.call('ZREM', order, id)
redis.call('ZREM', expiry, id)
local cursor = append('retract', id, nil, actor, textOf(current))
refreshExpiring()
return {'retracted', cursor}
`;

/** ARGV 6 now (ms). Safe to run from every node at once: a headline expires once. */
export const EXPIRE = `${HELPERS}
local expired = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', expiry, '-inf', ARGV[6])) do
  redis.call('ZREM', expiry, id)
  local current = redis.call('HGET', items, id)
  if current then
    redis.call('HDEL', items, id)
    redis.call('ZREM', order, id)
    append('expire', id, nil, 'system', textOf(current))
    expired = expired + 1
  end
end
refreshExpiring()
return expired
`;

const STREAM_POSITION = `
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

/** KEYS 1 the channel set, 2 the channel's record; ARGV 1 slug, 2 record JSON. */
export const CREATE_CHANNEL = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 'exists' end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
return 'created'
`;

/**
 * KEYS 1 the channel set, 2 the channel's record; ARGV 1 slug, 2 record JSON, 3 expected revision
 * (0 when none is stored; a record that does not look like one counts as none, as the store's
 * reader, storedChannelSchema, would not take it either).
 */
export const WRITE_CHANNEL_RECORD = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 'missing' end
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

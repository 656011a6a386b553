// Scripts of the background-work mechanisms (server/work/, design.md). Each touches the keys of one
// hash tag: a kind's schedule (`{work:<kind>}`), a lease (`{lease:<name>}`) or a consumer's cursors.
//
// A scheduled item is a member of the `due` sorted set (score: when it is due, ms) and a field of
// the `items` hash: `{payload, attempts, claim}`. A claim moves the item's score to the end of the
// claim, so an item whose holder died is due again when the claim lapses.

/** KEYS: due, items. ARGV: id, due (ms), payload. */
export const SCHEDULE = `
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode({ payload = ARGV[3], attempts = 0, claim = '' }))
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
`;

/** KEYS: due, items. ARGV: id. */
export const CANCEL = `
redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('HDEL', KEYS[2], ARGV[1])
`;

/** KEYS: due, items. ARGV: now, limit, lease (ms), claim prefix. Answers id, due, payload, attempts, claim per item. */
export const CLAIM = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
local claimed = {}
for i = 1, #ids, 2 do
  local id, due = ids[i], ids[i + 1]
  local json = redis.call('HGET', KEYS[2], id)
  local ok, item = pcall(cjson.decode, json or '')
  if not ok or type(item) ~= 'table' or type(item.payload) ~= 'string' then
    redis.call('ZREM', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
  else
    item.attempts = (tonumber(item.attempts) or 0) + 1
    item.claim = ARGV[4] .. ':' .. i
    redis.call('HSET', KEYS[2], id, cjson.encode(item))
    redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[3]), id)
    table.insert(claimed, id)
    table.insert(claimed, due)
    table.insert(claimed, item.payload)
    table.insert(claimed, tostring(item.attempts))
    table.insert(claimed, item.claim)
  end
end
return claimed
`;

const HELD_BY_CLAIM = `
local json = redis.call('HGET', KEYS[2], ARGV[1])
if not json then return 0 end
local ok, item = pcall(cjson.decode, json)
if not ok or type(item) ~= 'table' or item.claim ~= ARGV[2] then return 0 end
`;

/** KEYS: due, items. ARGV: id, claim. */
export const COMPLETE = `${HELD_BY_CLAIM}
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
`;

/** KEYS: due, items. ARGV: id, claim, due (ms), '1' when a new payload follows, payload. */
export const RETRY = `${HELD_BY_CLAIM}
item.claim = ''
if ARGV[4] == '1' then item.payload = ARGV[5] end
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(item))
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1
`;

/** KEYS: lease. ARGV: owner, ttl (ms). */
export const ACQUIRE_LEASE = `
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** KEYS: lease. ARGV: owner. */
export const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

/** KEYS: cursors. ARGV: channel, expected ('' for none), next. */
export const ADVANCE_CURSOR = `
if (redis.call('HGET', KEYS[1], ARGV[1]) or '') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`;

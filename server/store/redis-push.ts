// Scripts and ranges of readers' push subscriptions (server/push/): a hash of records and a sorted
// set of their ids, both under the channel's hash tag, changed together.

/** KEYS: subscriptions, ids. ARGV: id, record JSON, most a channel may have. */
export const ADD_PUSH_SUBSCRIPTION = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 'exists'
end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return 'full' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return 'added'
`;

/** KEYS: subscriptions, ids. ARGV: id. */
export const REMOVE_PUSH_SUBSCRIPTION = `
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])
`;

/** The lexicographic range (ZRANGE BYLEX) of shard `shard`'s ids after `after`: ids are lowercase hex, so shard `a` ends before `b`. */
export function shardRange(shard: string, after: string): [string, string] {
  const end = `(${String.fromCharCode(shard.charCodeAt(0) + 1)}`;
  return [after > shard ? `(${after}` : `[${shard}`, end];
}

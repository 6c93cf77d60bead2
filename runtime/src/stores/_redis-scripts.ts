// The Lua scripts that make the Redis store's writes atomic: compare-and-set, delete, consume and a
// prefix listing over the per-namespace sorted-set index (pruning members whose record expired).
import { createHash } from "node:crypto";

export interface LuaScript {
  source: string;
  sha: string;
}

function script(source: string): LuaScript {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/** KEYS: record, index. ARGV: key, value JSON, ifVersion or "", ttlMs or "", expiresAt or "". → {1, version} | {0, actual}. */
export const SET = script(`
local current = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
if ARGV[3] ~= '' and tonumber(ARGV[3]) ~= current then return {0, current} end
local version = current + 1
redis.call('DEL', KEYS[1])
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'v', ARGV[2], 'n', version, 'x', ARGV[5])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
else
  redis.call('HSET', KEYS[1], 'v', ARGV[2], 'n', version)
end
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return {1, version}`);

/** KEYS: record, index. ARGV: key, ifVersion or "". → {1, removed count} | {0, actual}. */
export const DELETE = script(`
local current = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= current then return {0, current} end
redis.call('ZREM', KEYS[2], ARGV[1])
return {1, redis.call('DEL', KEYS[1])}`);

/** KEYS: record, index. ARGV: key. → {value, version, expiresAt|false} or nil. */
export const CONSUME = script(`
local record = redis.call('HMGET', KEYS[1], 'v', 'n', 'x')
redis.call('ZREM', KEYS[2], ARGV[1])
if not record[1] then return nil end
redis.call('DEL', KEYS[1])
return record`);

const PRUNE = `
local function prune(index, stale)
  for i = 1, #stale, 500 do
    redis.call('ZREM', index, unpack(stale, i, math.min(i + 499, #stale)))
  end
end`;

/**
 * KEYS: index. ARGV: lex min, lex max, limit (-1 = all), record key prefix. → flat {key, value, version,
 * expiresAt or ""}… in ascending byte order of keys. Members whose record has expired are removed.
 */
export const LIST = script(`${PRUNE}
local out, stale, offset, limit, count = {}, {}, 0, tonumber(ARGV[3]), 0
while limit < 0 or count < limit do
  local want = 200
  if limit >= 0 then want = math.min(200, limit - count) end
  local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2], 'LIMIT', offset, want)
  for _, member in ipairs(members) do
    local record = redis.call('HMGET', ARGV[4] .. member, 'v', 'n', 'x')
    if record[1] then
      count = count + 1
      out[#out + 1] = member
      out[#out + 1] = record[1]
      out[#out + 1] = record[2]
      out[#out + 1] = record[3] or ''
    else
      stale[#stale + 1] = member
    end
  end
  offset = offset + #members
  if #members < want then break end
end
prune(KEYS[1], stale)
return out`);

/** KEYS: index. ARGV: record key prefix. Removes members whose record has expired. → how many. */
export const PRUNE_INDEX = script(`${PRUNE}
local stale, seen, cursor = {}, {}, '0'
repeat
  local page = redis.call('ZSCAN', KEYS[1], cursor, 'COUNT', 500)
  cursor = page[1]
  for i = 1, #page[2], 2 do
    local member = page[2][i]
    if not seen[member] and redis.call('EXISTS', ARGV[1] .. member) == 0 then stale[#stale + 1] = member end
    seen[member] = true
  end
until cursor == '0'
prune(KEYS[1], stale)
return #stale`);

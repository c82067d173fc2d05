"""The Lua scripts of the Redis Streams worker. Redis runs a script atomically: that is what keeps each conversation on
one worker at a time (see redis_worker.py for the design).

Keys under `prefix`: `alive:<consumer>` (a worker's heartbeat, expires after --claim-idle-ms), `owner:<conversation>`
(the worker that applies its messages), `state:<conversation>` (hash: `last` applied entry id, `data` the state).
"""

from __future__ import annotations

# Shared by READ and RESCUE: read an entry's field; adopt every pending entry of a dead consumer.
_COMMON = """
local function field(entry, name)
  local fields = entry[2]
  if not fields then return nil end
  for i = 1, #fields, 2 do
    if fields[i] == name then return fields[i + 1] end
  end
  return nil
end

local function adopt(stream, group, me, prefix, ttl, dead)
  while true do
    local pending = redis.call('XPENDING', stream, group, '-', '+', 500, dead)
    if #pending == 0 then break end
    local ids = {}
    for i, p in ipairs(pending) do ids[i] = p[1] end
    local claimed = redis.call('XCLAIM', stream, group, me, 0, unpack(ids))
    for _, entry in ipairs(claimed) do
      local conversation = entry and field(entry, 'conversation_id')
      if conversation then redis.call('SET', prefix .. 'owner:' .. conversation, me, 'EX', ttl) end
    end
  end
  redis.call('XGROUP', 'DELCONSUMER', stream, group, dead)
end
"""

# KEYS: stream. ARGV: group, me, count, prefix, state ttl (s), heartbeat (ms), whether to read new entries (1/0).
# Heartbeat, then (if asked) read up to `count` new entries. An entry of a conversation that a live worker owns is
# handed to that worker's pending list (XCLAIM to it) and its bell rung (`bell:<consumer>`, a tiny stream it waits on); a
# dead owner's whole pending list is adopted first, so that its older entries of the conversation come before this one.
# Then this worker's oldest `count` pending entries (read now or before, or handed to it), in stream order, and the id
# of the last entry applied to each of their conversations' stored states, so that the worker reads back only the
# states it does not hold already (one round trip instead of three). An entry comes as [id, conversation_id, author,
# text, time, kind], a field it lacks as nil (other fields are left out: the worker reads a bad entry again, whole).
# Returns how many new entries were read, the pending entries, then (conversation, last applied id or '') pairs, and,
# only when there is no pending entry (the worker is going to wait), the group's last delivered id and the id of this
# worker's latest bell.
READ = (
    _COMMON
    + """
local stream, group, me, count, prefix, ttl, heartbeat = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local SLOTS = {conversation_id = 2, author = 3, text = 4, time = 5, kind = 6}
local function row(entry)
  local out = {entry[1], false, false, false, false, false}
  local fields = entry[2]
  if fields then
    for k = 1, #fields, 2 do
      local at = SLOTS[fields[k]]
      if at then out[at] = fields[k + 1] end
    end
  end
  return out
end
redis.call('SET', prefix .. 'alive:' .. me, '1', 'PX', heartbeat)
local read, kept = 0, {}
local reply = ARGV[7] == '1' and redis.call('XREADGROUP', 'GROUP', group, me, 'COUNT', count, 'STREAMS', stream, '>')
if reply then
  for _, entry in ipairs(reply[1][2]) do
    read = read + 1
    local keep = true
    local conversation = field(entry, 'conversation_id')
    if conversation then
      local owner_key = prefix .. 'owner:' .. conversation
      local owner = redis.call('GET', owner_key)
      if not owner then
        redis.call('SET', owner_key, me, 'EX', ttl)
      elseif owner ~= me then
        if redis.call('EXISTS', prefix .. 'alive:' .. owner) == 1 then
          redis.call('XCLAIM', stream, group, owner, 0, entry[1], 'JUSTID')
          redis.call('XADD', prefix .. 'bell:' .. owner, 'MAXLEN', '~', 16, '*', 'entry', entry[1])
          keep = false
        else
          adopt(stream, group, me, prefix, ttl, owner)
          redis.call('SET', owner_key, me, 'EX', ttl)
        end
      end
    end
    if keep then kept[#kept + 1] = row(entry) end
  end
end
-- This worker's pending entries are the ones it just kept, unless it had others (a backlog, entries handed to it, a
-- dead worker's): then its oldest `count`, read again.
local mine = 0
for _, consumer in ipairs(redis.call('XPENDING', stream, group)[4] or {}) do
  if consumer[1] == me then mine = tonumber(consumer[2]) end
end
local entries = kept
if mine ~= #kept then
  entries = {}
  for i, entry in ipairs(redis.call('XREADGROUP', 'GROUP', group, me, 'COUNT', count, 'STREAMS', stream, '0')[1][2]) do
    entries[i] = row(entry)
  end
end
local lasts, seen = {}, {}
for _, entry in ipairs(entries) do
  local conversation = entry[2]
  if conversation and not seen[conversation] then
    seen[conversation] = true
    lasts[#lasts + 1] = conversation
    lasts[#lasts + 1] = redis.call('HGET', prefix .. 'state:' .. conversation, 'last') or ''
  end
end
if #entries > 0 then return {read, entries, lasts} end
local last = '0-0'
for _, info in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
  local name, delivered
  for i = 1, #info, 2 do
    if info[i] == 'name' then name = info[i + 1] elseif info[i] == 'last-delivered-id' then delivered = info[i + 1] end
  end
  if name == group then last = delivered end
end
local bell = redis.call('XREVRANGE', prefix .. 'bell:' .. me, '+', '-', 'COUNT', 1)
return {read, entries, lasts, last, bell[1] and bell[1][1] or '0-0'}
"""
)

# KEYS: stream. ARGV: group, me, prefix, state ttl (s).
# Adopts the pending entries of every consumer of the group whose heartbeat has expired. Returns how many were dead.
RESCUE = (
    _COMMON
    + """
local stream, group, me, prefix, ttl = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local dead = 0
for _, info in ipairs(redis.call('XINFO', 'CONSUMERS', stream, group)) do
  local name
  for i = 1, #info, 2 do if info[i] == 'name' then name = info[i + 1] end end
  if name ~= me and redis.call('EXISTS', prefix .. 'alive:' .. name) == 0 then
    adopt(stream, group, me, prefix, ttl, name)
    dead = dead + 1
  end
end
return dead
"""
)

# KEYS: stream. ARGV: prefix. Then one ARGV per conversation id: returns [last entry id, state] of each ('' if none).
LOAD = """
local out = {}
for i = 2, #ARGV do
  local key = ARGV[1] .. 'state:' .. ARGV[i]
  out[i - 1] = redis.call('HMGET', key, 'last', 'data')
end
return out
"""

# KEYS: stream, alerts stream ('' for none). ARGV: group, me, prefix, state ttl (s), heartbeat (ms), the batch as JSON
# (one array per conversation: its id, the last id its state was read at ('' if none), the new last id, the ids of the
# entries to acknowledge, and its alerts as id, JSON, id, JSON...), then each conversation's new state, in the same
# order. The batch is one argument, not five or more per conversation: the worker's Redis client spends less per entry.
# Each conversation's new state, alerts and acknowledgements are applied together, or not at all when another worker
# owns the conversation now (0) or its state moved on since it was read (-1): the caller drops that work. Returns the
# outcome of each conversation (1: applied).
COMMIT = """
local stream, alerts = KEYS[1], KEYS[2]
local group, me, prefix, ttl, heartbeat = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
redis.call('SET', prefix .. 'alive:' .. me, '1', 'PX', heartbeat)
local outcomes, acked = {}, {}
for i, item in ipairs(cjson.decode(ARGV[6])) do
  local conversation, read_at, last, acks, raised = item[1], item[2], item[3], item[4], item[5]
  local state_key, owner_key = prefix .. 'state:' .. conversation, prefix .. 'owner:' .. conversation
  local owner = redis.call('GET', owner_key)
  local outcome = 1
  if owner and owner ~= me then
    outcome = 0
  elseif (redis.call('HGET', state_key, 'last') or '') ~= read_at then
    outcome = -1
  else
    redis.call('HSET', state_key, 'last', last, 'data', ARGV[6 + i])
    redis.call('EXPIRE', state_key, ttl)
    redis.call('SET', owner_key, me, 'EX', ttl)
    if alerts ~= '' then
      for k = 1, #raised, 2 do
        redis.call('XADD', alerts, '*', 'id', raised[k], 'alert', raised[k + 1])
      end
    end
    for _, id in ipairs(acks) do acked[#acked + 1] = id end
  end
  outcomes[i] = outcome
end
-- One XACK per thousand entries (the most Lua unpacks safely), not one per conversation: the script is atomic either way.
for at = 1, #acked, 1000 do
  redis.call('XACK', stream, group, unpack(acked, at, math.min(at + 999, #acked)))
end
return outcomes
"""

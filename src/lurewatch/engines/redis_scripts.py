"""The Lua scripts of the Redis Streams worker. Redis runs a script atomically: that is what keeps each conversation on
one worker at a time (see redis_worker.py for the design).

Keys under `prefix`: `alive:<consumer>` (a worker's heartbeat, expires after --claim-idle-ms), `owner:<conversation>`
(the worker that applies its messages), `state:<conversation>` (hash: `last` applied entry id, `data` the state).
"""

from __future__ import annotations

# Shared by both scripts: read an entry's field; adopt every pending entry of a dead consumer.
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

# KEYS: stream. ARGV: group, me, count, prefix, state ttl (s), heartbeat (ms).
# Heartbeat, then read up to `count` new entries. An entry of a conversation that a live worker owns is handed to that
# worker's pending list (XCLAIM to it) and its bell rung (`bell:<consumer>`, a tiny stream it waits on); a dead owner's
# whole pending list is adopted first, so that its older entries of the conversation come before this one.
# Returns how many new entries were read, the group's last delivered id and the id of this worker's latest bell.
PULL = (
    _COMMON
    + """
local stream, group, me, count, prefix, ttl, heartbeat = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
redis.call('SET', prefix .. 'alive:' .. me, '1', 'PX', heartbeat)
local reply = redis.call('XREADGROUP', 'GROUP', group, me, 'COUNT', count, 'STREAMS', stream, '>')
local read = 0
if reply then
  for _, entry in ipairs(reply[1][2]) do
    read = read + 1
    local conversation = field(entry, 'conversation_id')
    if conversation then
      local owner_key = prefix .. 'owner:' .. conversation
      local owner = redis.call('GET', owner_key)
      local keep = true
      if owner and owner ~= me then
        if redis.call('EXISTS', prefix .. 'alive:' .. owner) == 1 then
          redis.call('XCLAIM', stream, group, owner, 0, entry[1], 'JUSTID')
          redis.call('XADD', prefix .. 'bell:' .. owner, 'MAXLEN', '~', 16, '*', 'entry', entry[1])
          keep = false
        else
          adopt(stream, group, me, prefix, ttl, owner)
        end
      end
      if keep then redis.call('SET', owner_key, me, 'EX', ttl) end
    end
  end
end
local last = '0-0'
for _, info in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
  local name, delivered
  for i = 1, #info, 2 do
    if info[i] == 'name' then name = info[i + 1] elseif info[i] == 'last-delivered-id' then delivered = info[i + 1] end
  end
  if name == group then last = delivered end
end
local bell = redis.call('XREVRANGE', prefix .. 'bell:' .. me, '+', '-', 'COUNT', 1)
return {read, last, bell[1] and bell[1][1] or '0-0'}
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

# KEYS: stream, state key, owner key, alerts stream ('' for none).
# ARGV: group, me, last id the state was read at ('' if none), new last id, new state, state ttl (s), heartbeat (ms),
#       prefix, number of alerts, then (alert id, alert JSON) pairs, then the entry ids to acknowledge.
# Applies a conversation's new state, its alerts and the acknowledgements at once, or nothing: 0 when another worker
# owns the conversation now, -1 when the state moved on since it was read (both: the caller drops its work).
COMMIT = """
local stream, state_key, owner_key, alerts = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local group, me, read_at, last, data, ttl, heartbeat, prefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local owner = redis.call('GET', owner_key)
if owner and owner ~= me then return 0 end
if (redis.call('HGET', state_key, 'last') or '') ~= read_at then return -1 end
redis.call('SET', prefix .. 'alive:' .. me, '1', 'PX', heartbeat)
redis.call('HSET', state_key, 'last', last, 'data', data)
redis.call('EXPIRE', state_key, ttl)
redis.call('SET', owner_key, me, 'EX', ttl)
local at = 10
for _ = 1, tonumber(ARGV[9]) do
  if alerts ~= '' then redis.call('XADD', alerts, '*', 'id', ARGV[at], 'alert', ARGV[at + 1]) end
  at = at + 2
end
redis.call('XACK', stream, group, unpack(ARGV, at))
return 1
"""

"""The Redis worker's default settings, apart from the worker: the command line shows them in every command's parser,
and importing the worker would import the Redis client (~80 ms of start-up) for commands that never use it."""

DEFAULT_CLAIM_IDLE_MS = 60_000
DEFAULT_STATE_TTL = 7 * 24 * 3600  # a week of silence and a conversation starts afresh
DEFAULT_BATCH = 64  # entries read per round trip; also the semantic layer's encoding batch

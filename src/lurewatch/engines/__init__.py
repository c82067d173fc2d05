"""Lurewatch on the engines platforms already run: Redis Streams workers."""

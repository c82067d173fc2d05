"""lurewatch: spot online grooming and sextortion indicators in chat conversations."""

__version__ = "0.1.0"

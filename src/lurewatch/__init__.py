"""lurewatch: spot online grooming and sextortion indicators in chat conversations.

>>> from lurewatch import analyze
>>> analysis = analyze("Ad.17: you're so mature for your age\\nSam: thanks")
>>> analysis.risk.level
'low'
"""

__version__ = "0.1.0"

from lurewatch.api import analyze, analyze_all, analyze_conversation
from lurewatch.model import Analysis, Conversation, Finding, Message, MessageKind
from lurewatch.stream import Alert, Watcher

__all__ = [
    "Alert",
    "Analysis",
    "Conversation",
    "Finding",
    "Message",
    "MessageKind",
    "Watcher",
    "__version__",
    "analyze",
    "analyze_all",
    "analyze_conversation",
]

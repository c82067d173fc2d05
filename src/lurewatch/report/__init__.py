"""Report writers: text (Rich) for people, JSON for programs."""

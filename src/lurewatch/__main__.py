"""`python -m lurewatch` is the `lurewatch` command."""

import sys

from lurewatch.cli import main

sys.exit(main())

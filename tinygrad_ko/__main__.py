"""``python -m tinygrad_ko demo|graph|train|gradcheck``."""

import sys

from .cli import main

sys.exit(main())

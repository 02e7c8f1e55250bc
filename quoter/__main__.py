"""`python -m quoter` runs the `quoter` command."""

import sys

from quoter.cli import main

sys.exit(main())

"""`python -m layout` is the `layout` command."""
import sys

from .cli import main

sys.exit(main())

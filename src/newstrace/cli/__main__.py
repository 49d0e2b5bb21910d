"""``python -m newstrace.cli``."""

from newstrace.cli import main

main()

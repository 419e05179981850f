"""``python -m aisre``: the same as the ``aisre`` command."""

from aisre.cli import main

main()

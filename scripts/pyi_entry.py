"""Entry script of the frozen app (``build.spec``): the ``veridesk`` console command.

The same executable serves the command line and, through ``veridesk gui`` / ``veridesk
demo``, the window. ``desktop.cli.main`` calls ``multiprocessing.freeze_support()`` first,
so the spawned import worker (``desktop/dossier/parallel.py``) re-enters here and runs its
task instead of the command line. ``desktop._frozen`` keeps the bundle's library and Qt
paths out of the programs the app starts (a PDF viewer for an evidence file).
"""

import sys

from desktop._frozen import restore_child_environment
from desktop.cli import main

if __name__ == "__main__":
    restore_child_environment()
    sys.exit(main())

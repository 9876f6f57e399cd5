"""The program PyInstaller freezes (packaging/gradviz.spec): the ``gradviz`` command itself."""

import sys

from gradviz.cli import main

if __name__ == "__main__":
    sys.exit(main())

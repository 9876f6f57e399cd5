"""Writing a file all at once: readers never see half a file, a failure leaves nothing behind.

    with atomic_path("out.gif") as temporary:
        write(temporary)          # any writer that takes a path

The temporary file sits beside the target (same file system, so the final ``os.replace`` is
atomic); it gets the permissions a new file would get (``mkstemp`` makes it owner-only), or the
old file's when it replaces one. Standard library only.
"""

import contextlib
import os
import stat
import tempfile


@contextlib.contextmanager
def atomic_path(path, suffix=None):
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    suffix = os.path.splitext(path)[1] if suffix is None else suffix
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".gradviz-", suffix=suffix)
    os.close(handle)
    try:
        yield temporary
        os.chmod(temporary, _mode(path))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _mode(path):
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask

"""Files read and written safely: untrusted files read with a bound, outputs written whole.

``read_limited(path, limit)``: the bytes of a regular file, refused before reading when it is
not one (a FIFO would block the reader forever, a device such as /dev/zero never ends, a
directory is no file) or when it is larger than ``limit`` bytes.

``atomic_path``: writing a file all at once: readers never see half a file, a failure leaves
nothing behind::

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


class NotRegularFile(OSError):
    """The path names something that is not a regular file; ``kind`` says what, in words."""

    def __init__(self, kind):
        super().__init__(f"it is not a regular file ({kind})")
        self.kind = kind


class FileTooLarge(OSError):
    """The file holds ``size`` bytes, more than the ``limit`` allowed."""

    def __init__(self, size, limit):
        super().__init__(f"it is too large ({size:,} bytes; at most {limit:,})")
        self.size, self.limit = size, limit


def unreadable(error: OSError) -> str:
    """Why ``read_limited`` could not read a file, in words: "it is not a regular file (a
    named pipe)", "it is too large (...)", or the system's reason ("No such file or
    directory")."""
    if isinstance(error, (NotRegularFile, FileTooLarge)):
        return str(error)
    return error.strerror or str(error)


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def read_limited(path, limit):
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises NotRegularFile before reading anything from a FIFO, device, socket or folder
    (opened without blocking, then checked on the open descriptor, so a FIFO put in the
    file's place after a check cannot block), FileTooLarge when the file holds more than
    ``limit`` bytes, and OSError when it cannot be opened or read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(next((kind for test, kind in _KINDS if test(info.st_mode)), "not a file"))
        if info.st_size > limit:
            raise FileTooLarge(info.st_size, limit)
        chunks, wanted = [], limit + 1
        while wanted > 0:
            chunk = os.read(handle, wanted)
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        if wanted == 0:  # it grew since it was measured
            raise FileTooLarge(max(os.fstat(handle).st_size, limit + 1), limit)
    finally:
        os.close(handle)
    return b"".join(chunks)


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

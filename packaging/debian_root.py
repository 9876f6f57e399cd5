"""A fresh minimal Debian root to try gradviz in, for packaging/fresh_machine.py.

``Machine(suite, work, cache, logs, keep)`` is a context manager: ``prepare()`` unpacks the
cached ``debootstrap --variant=minbase`` result of ``suite`` (or makes and caches it), copies in
this machine's network settings only (DNS, apt proxy, pip's configuration and the certificates it
trusts) and binds /proc, /sys, /dev and /dev/pts; ``clone(commit)`` puts the commit under test at
/root/gradviz; ``shell(command, log)`` runs a command there as a new login would. Leaving the
block kills what is left running inside, undoes the mounts and deletes the root (unless kept).
"""

import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("python3", "git", "ca-certificates")
MIRROR = "http://deb.debian.org/debian"
CACHE_MAX_AGE = 7 * 24 * 3600   # seconds: a week-old root still installs current packages
BINDS = ("proc", "sys", "dev", "dev/pts")   # /dev/pts: apt logs through a terminal
CLONE = "/root/gradviz"
PIP_FILES = ("etc/pip.conf", "etc/xdg/pip")
PASSED_ENV = ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")


def say(text):
    print(f"fresh machine: {text}", flush=True)


def cache_key(suite, packages, mirror, debootstrap_version):
    text = "\n".join([suite, ",".join(sorted(packages)), mirror, debootstrap_version])
    return f"{suite}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def host_pip_env(environ):
    """The PIP_* and proxy variables to pass into the root."""
    return {name: value for name, value in environ.items()
            if name.startswith("PIP_") or name in PASSED_ENV}


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def ensure_debootstrap():
    if shutil.which("debootstrap") or Path("/usr/sbin/debootstrap").exists():
        return
    say("installing debootstrap (apt-get)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL)
    run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "debootstrap"], env=env,
        stdout=subprocess.DEVNULL)


def debootstrap_version():
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "debootstrap"],
                         capture_output=True, text=True).stdout
    return out.strip() or "unknown"


def cached_root(suite, target, cache, log):
    """Fill ``target`` with a fresh minimal root of ``suite``, from the cache when it is there."""
    tarball = cache / f"{cache_key(suite, PACKAGES, MIRROR, debootstrap_version())}.tar.gz"
    if tarball.is_file() and time.time() - tarball.stat().st_mtime < CACHE_MAX_AGE:
        run(["tar", "--numeric-owner", "-xzf", str(tarball), "-C", str(target)])
        return f"from the cache ({tarball.name})"
    with open(log, "w") as output:
        run(["debootstrap", "--variant=minbase", "--include=" + ",".join(PACKAGES), suite,
             str(target), MIRROR], stdout=output, stderr=subprocess.STDOUT)
    cache.mkdir(parents=True, exist_ok=True)
    partial = tarball.with_suffix(".partial")
    run(["tar", "--numeric-owner", "-I", "gzip -1", "-cf", str(partial), "-C", str(target), "."])
    partial.replace(tarball)
    for old in cache.glob(f"{suite}-*.tar.gz"):
        if old != tarball:
            old.unlink()
    return f"debootstrap {suite}, cached as {tarball}"


def copy_into(root, path):
    """Copy a file or folder of this machine to the same place inside ``root``."""
    source = Path("/") / path
    target = root / str(path).lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    elif source.is_file():
        shutil.copy2(source, target)


def configure_network(root, suite, pip_env):
    """DNS, apt's sources (as a new Debian install has them), proxies, and pip's settings and
    trusted certificates, copied from this machine: nothing else of it."""
    copy_into(root, "etc/resolv.conf")
    (root / "etc/apt/sources.list").write_text(
        f"deb {MIRROR} {suite} main\ndeb {MIRROR} {suite}-updates main\n"
        f"deb http://deb.debian.org/debian-security {suite}-security main\n")
    proxies = subprocess.run(["apt-config", "dump"], capture_output=True, text=True).stdout
    proxy_lines = [line for line in proxies.splitlines() if re.match(r"Acquire::\w+::Proxy", line)]
    if proxy_lines:
        (root / "etc/apt/apt.conf.d/01host-proxy").write_text("\n".join(proxy_lines) + "\n")
    for path in PIP_FILES:
        copy_into(root, path)
    home = Path.home()
    for user_file in (".config/pip/pip.conf", ".pip/pip.conf"):
        if (home / user_file).is_file():
            (root / "root" / user_file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(home / user_file, root / "root" / user_file)
    # This machine's own certificate authorities (a proxy's, say), installed the Debian way.
    local_cas = [p for p in Path("/usr/local/share/ca-certificates").glob("**/*.crt")]
    for certificate in local_cas:
        copy_into(root, certificate.relative_to("/"))
    if local_cas:
        run(["chroot", str(root), "update-ca-certificates"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
    # Files the pip settings name (a CA bundle, a constraints file) at the same path; a folder
    # (find-links) that is not there is made empty, so that pip does not warn about it.
    for value in pip_env.values():
        if value.startswith("/") and Path(value).is_file():
            copy_into(root, value.lstrip("/"))
        elif value.startswith("/") and Path(value).is_dir():
            (root / value.lstrip("/")).mkdir(parents=True, exist_ok=True)


def mounts_under(folder):
    with open("/proc/self/mounts") as table:
        points = [line.split()[1].replace("\\040", " ") for line in table]
    return [point for point in points if point == str(folder) or point.startswith(f"{folder}/")]


def processes_in(root):
    """Ids of processes whose root directory is ``root`` (left over in the chroot)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "root") == str(root):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


class Machine:
    """A fresh root with /proc, /sys, /dev and /dev/pts bound in; all undone on exit."""

    def __init__(self, suite, work, cache, logs, keep):
        self.suite, self.work, self.cache, self.logs, self.keep = suite, work, cache, logs, keep
        self.root = work / "root"
        self.pip_env = host_pip_env(os.environ)

    def __enter__(self):
        self.root.mkdir()
        return self

    def prepare(self):
        how = cached_root(self.suite, self.root, self.cache, self.logs / "debootstrap.log")
        configure_network(self.root, self.suite, self.pip_env)
        for name in BINDS:
            run(["mount", "--bind", f"/{name}", str(self.root / name)])
        return how

    def clone(self, commit):
        target = self.root / CLONE.lstrip("/")
        run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(target)])
        checkout = ["git", "-C", str(target), "checkout", "-q", "--detach", commit]
        if subprocess.run(checkout, capture_output=True).returncode != 0:
            run(["git", "-C", str(target), "fetch", "-q", str(ROOT), commit])
            run(checkout)

    def shell(self, command, log, timeout=3600):
        """Run ``command`` with bash in the clone inside the root, as a new login would:
        a clean environment, plus the PIP_* and proxy settings. Returns (code, output)."""
        env = ["HOME=/root", "PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin",
               "LANG=C.UTF-8"] + [f"{name}={value}" for name, value in self.pip_env.items()]
        argv = ["chroot", str(self.root), "/usr/bin/env", "-i", *env, "bash", "-lc",
                f"cd {CLONE} && {command}"]
        with open(log, "w") as output:
            output.write(f"$ {command}\n")
            output.flush()
            try:
                code = subprocess.run(argv, stdout=output, stderr=subprocess.STDOUT,
                                      timeout=timeout).returncode
            except subprocess.TimeoutExpired:
                code = "timeout"
        return code, Path(log).read_text(errors="replace")

    def __exit__(self, *exc_info):
        for pid in processes_in(self.root):   # an Xvfb left behind would keep /dev busy
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for name in reversed(BINDS):
            point = self.root / name
            if str(point) in mounts_under(self.root):
                if subprocess.run(["umount", str(point)]).returncode != 0:
                    subprocess.run(["umount", "-l", str(point)])
        left = mounts_under(self.root)
        if left:
            say(f"WARNING: still mounted, {self.work} is left as it is: {', '.join(left)}")
        elif not self.keep:
            subprocess.run(["rm", "-rf", "--one-file-system", str(self.work)])
        return False

#!/usr/bin/python3
"""A filesystem that loses what was not fsynced when the power is cut (for tests).

A FUSE passthrough onto a backing folder, in the spirit of Jepsen's LazyFS: every
write reaches the backing file at once, but until that file is fsynced the
filesystem remembers what the write replaced. Writing "cut" to the control file
/.powercut at the mount's root puts back everything written since each file's
last fsync (overwritten bytes restored, files cut back to their synced length:
a file created and never synced ends up empty), prints what it dropped as one JSON
line, and unmounts. Metadata (creating, renaming, deleting files) is kept as done,
as a journalling filesystem keeps it; only data waits for fsync.

Usage: lazyfs.py BACKING MOUNTPOINT. Prints "ready" once mounted. Needs root (or
fusermount) and /dev/fuse; Debian's python3-fusepy and fuse3.
"""

import errno
import json
import os
import sys

import fusepy

CONTROL = "/.powercut"


class Pending:
    """What a file's writes since its last fsync replaced."""

    def __init__(self, synced_size):
        self.synced_size = synced_size
        # (offset, original bytes), oldest first: put back newest first.
        self.replaced = []
        self.writes = 0
        self.bytes = 0


class LazyFS(fusepy.Operations):
    def __init__(self, backing):
        self.backing = os.path.realpath(backing)
        self.pending = {}
        self.totals = {"writes": 0, "fsyncs": 0}
        # Cut: unmount once the control file is closed (the writer's close() must still work).
        self.cutting = False

    def init(self, path):
        print("ready", flush=True)

    def _real(self, path):
        return os.path.join(self.backing, path.lstrip("/"))

    def _track(self, path):
        if path not in self.pending:
            real = self._real(path)
            self.pending[path] = Pending(os.path.getsize(real) if os.path.exists(real) else 0)
        return self.pending[path]

    def _save(self, path, offset, end):
        """Remembers the synced bytes in [offset, end) before they are changed."""
        p = self._track(path)
        end = min(end, p.synced_size)
        if offset >= end:
            return
        with open(self._real(path), "rb") as f:
            f.seek(offset)
            p.replaced.append((offset, f.read(end - offset)))

    def cut(self):
        dropped = {"writes": 0, "bytes": 0, "files": 0}
        for path, p in self.pending.items():
            real = self._real(path)
            if not os.path.exists(real):
                continue
            if p.writes > 0:
                dropped["writes"] += p.writes
                dropped["bytes"] += p.bytes
                dropped["files"] += 1
            with open(real, "r+b") as f:
                for offset, original in reversed(p.replaced):
                    f.seek(offset)
                    f.write(original)
                f.truncate(p.synced_size)
        self.pending.clear()
        self.cutting = True
        print(json.dumps({"cut": dropped, "since_mount": self.totals}), flush=True)

    # --- files ---

    def getattr(self, path, fh=None):
        if path == CONTROL:
            return {"st_mode": 0o100200, "st_nlink": 1, "st_size": 0}
        st = os.lstat(self._real(path))
        keys = ("st_atime", "st_ctime", "st_gid", "st_mode", "st_mtime", "st_nlink", "st_size", "st_uid")
        return {key: getattr(st, key) for key in keys}

    def access(self, path, mode):
        if path != CONTROL and not os.access(self._real(path), mode):
            raise fusepy.FuseOSError(errno.EACCES)

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self._real(path))

    def mkdir(self, path, mode):
        os.mkdir(self._real(path), mode)

    def rmdir(self, path):
        os.rmdir(self._real(path))

    def statfs(self, path):
        st = os.statvfs(self._real(path))
        keys = ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree", "f_files", "f_flag", "f_frsize", "f_namemax")
        return {key: getattr(st, key) for key in keys}

    def unlink(self, path):
        self.pending.pop(path, None)
        os.unlink(self._real(path))

    def rename(self, old, new):
        os.rename(self._real(old), self._real(new))
        self.pending.pop(new, None)
        if old in self.pending:
            self.pending[new] = self.pending.pop(old)

    def chmod(self, path, mode):
        os.chmod(self._real(path), mode)

    def utimens(self, path, times=None):
        os.utime(self._real(path), times)

    def open(self, path, flags):
        if path == CONTROL:
            return 0
        if flags & os.O_TRUNC:
            self._track(path).synced_size = 0
        # Writes carry their offsets: O_APPEND's would be the backing file's, not ours.
        return os.open(self._real(path), flags & ~os.O_APPEND)

    def create(self, path, mode, fi=None):
        fd = os.open(self._real(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        self._track(path).synced_size = 0
        return fd

    def read(self, path, size, offset, fh):
        return os.pread(fh, size, offset)

    def write(self, path, data, offset, fh):
        if path == CONTROL:
            if data.strip() == b"cut":
                self.cut()
            return len(data)
        self._save(path, offset, offset + len(data))
        p = self._track(path)
        p.writes += 1
        p.bytes += len(data)
        self.totals["writes"] += 1
        return os.pwrite(fh, data, offset)

    def truncate(self, path, length, fh=None):
        if path == CONTROL:
            return
        self._save(path, length, self._track(path).synced_size)
        os.truncate(self._real(path), length)

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        if path != CONTROL:
            os.close(fh)
        elif self.cutting:
            fusepy.fuse_exit()

    def fsync(self, path, datasync, fh):
        self.totals["fsyncs"] += 1
        self.pending.pop(path, None)
        if datasync:
            os.fdatasync(fh)
        else:
            os.fsync(fh)

    def fsyncdir(self, path, datasync, fh):
        return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: lazyfs.py BACKING MOUNTPOINT")
    fusepy.FUSE(LazyFS(sys.argv[1]), sys.argv[2], foreground=True, nothreads=True)

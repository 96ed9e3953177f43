"""One running window per data directory.

Why: a second instance's journal recovery would mark the first one's live order as interrupted.
QLockFile is portable and notices a lock left by a crashed or killed process (its PID is gone).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QTimer
from PySide6.QtWidgets import QWidget

LOCK_NAME = "kiwoom-gui.lock"


class DataDirInUse(RuntimeError):
    """Another kiwoom-gui holds this data directory."""

    def __init__(self, data_dir: Path, pid: int | None) -> None:
        holder = f" (프로세스 {pid})" if pid else ""
        super().__init__(
            f"이 데이터 폴더는 이미 다른 kiwoom-gui 창이 쓰고 있습니다{holder}: {data_dir}\n"
            "그 창을 닫거나, 다른 폴더를 --data-dir 로 지정하세요."
        )
        self.data_dir = data_dir
        self.pid = pid


def acquire(data_dir: Path) -> QLockFile | None:
    """Lock ``data_dir`` or raise :class:`DataDirInUse`.

    None when the folder cannot hold a lock file at all (read-only): the journal cannot be written
    there either, and the window then refuses every order, so a second instance can do no harm.
    """
    lock = QLockFile(str(data_dir / LOCK_NAME))
    # 0: never call a lock stale for its age (the default 30 s would let a second instance in
    # beside a long-running first one); staleness is judged only by the holder's PID being gone
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        info = lock.getLockInfo()  # PySide6: (pid, hostname, appname), or a falsy value
        pid = info[0] if isinstance(info, tuple) and info and isinstance(info[0], int) else None
        raise DataDirInUse(data_dir, pid or None)
    return None


class _Release(QObject):
    """Holds the lock for a window and lets go once the window has closed (or is destroyed)."""

    def __init__(self, window: QWidget, lock: QLockFile) -> None:
        super().__init__(window)
        self._window = window
        self.lock: QLockFile | None = lock
        # the window says when it has closed (an event filter would run Python on every event it gets)
        window.closed.connect(self._release_when_worker_ends)
        window.destroyed.connect(lock.unlock)  # a window deleted without a close
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.release)

    def _release_when_worker_ends(self) -> None:
        """A worker that outlived the close wait may still journal an outcome: keep the folder until
        it ends (polled: the controller's thread is its own business), or until the process quits."""
        controller = getattr(self._window, "controller", None)
        if controller is None or not controller.is_running():
            self.release()
            return
        timer = QTimer(self)
        timer.timeout.connect(lambda: None if controller.is_running() else (timer.stop(), self.release()))
        timer.start(100)

    def release(self) -> None:
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None


def hold_until_closed(window: QWidget, lock: QLockFile) -> None:
    """Keep ``lock`` for as long as ``window`` is open."""
    _Release(window, lock).setObjectName("dataDirLock")

"""Where orders go now: the environment shown, its host (a --base-url replaces one environment's), and the
built-in simulator — started only when the simulator is chosen, stopped with the window, never started anew
after the close."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ...base.payloads import Target
from ...host.environments import resolve_base_url

if TYPE_CHECKING:
    from ...simulator import KiwoomSimulator


@functools.cache
def resolved_host(env: str, base_url: str | None) -> str:
    """Parsed once per target: every click asks."""
    try:
        return resolve_base_url(env, base_url)
    except ValueError:
        return base_url or ""


class Targets:
    def __init__(self, base_url: str | None, base_url_env: str | None, simulator_url: str | None, demo: bool) -> None:
        """``base_url`` replaces ``base_url_env``'s host; ``simulator_url``: --demo --base-url, a simulator running
        elsewhere; ``demo``: the built-in simulator runs the demo's market and account (--demo)."""
        self.base_url, self.base_url_env = base_url, base_url_env
        self.simulator_url = simulator_url
        self._demo = demo
        self.simulator: KiwoomSimulator | None = None  # the built-in one, once started
        self._simulator_base = ""  # its address, kept after the close stops it
        self.closed = False

    def target(self, env: str) -> Target:
        if env != "simulator":
            return Target(env, self.base_url if env == self.base_url_env else None)
        if self.simulator_url:  # not ours: nothing to start here, nor to stop on close
            return Target("simulator", self.simulator_url, demo=True)
        if self.simulator is None and self.closed and self._simulator_base:
            # closed: the stopped simulator's address still names the target; a new one is never started
            return Target("simulator", self._simulator_base, demo=True)
        if self.simulator is None:
            from ...simulator.demo import KiwoomSimulator, start_demo  # only when the simulator is chosen

            self.simulator = start_demo() if self._demo else KiwoomSimulator().start()
            self._simulator_base = self.simulator.base_url
        return Target("simulator", self.simulator.base_url, demo=True)

    def custom_host(self, env: str) -> str:
        """The --base-url, when it replaces ``env``'s host."""
        return self.base_url or "" if env == self.base_url_env else ""

    def close(self) -> None:
        self.closed = True
        if self.simulator is not None:
            self.simulator.stop()
            self.simulator = None

"""Where each environment lives, and the rule that plain http may only go to this machine."""

from __future__ import annotations

from dataclasses import dataclass

from ..base.resources_io import load_json


class UnsafeBaseURL(ValueError):
    """A base URL that would send bearer tokens somewhere they must not go; raised before connecting."""


@dataclass(frozen=True)
class Environment:
    name: str  # "mock", "real" or "simulator"
    label: str
    host: str | None
    orders_per_second: float
    queries_per_second: float = 1.0  # per api-id: each query TR has its own limit on the host
    ws_url: str | None = None  # the real-time WebSocket (00 주문체결, 04 잔고); None for the simulator


def environment(name: str) -> Environment:
    data = load_json("environments.json")["environments"]
    if name not in data:
        raise KeyError(f"unknown environment {name!r}")
    e = data[name]
    return Environment(
        name,
        e["label"],
        e["host"],
        float(e["orders_per_second"]),
        float(e.get("queries_per_second", 1.0)),
        e.get("ws_url"),
    )


def default_timeouts() -> tuple[float, float]:
    t = load_json("environments.json")["timeouts"]
    return float(t["connect_seconds"]), float(t["read_seconds"])


def is_loopback_host(host: str) -> bool:
    import ipaddress  # here, not at start-up: only a --base-url needs it

    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _port_ok(netloc: str) -> bool:
    """No port, or 1–65535 in plain digits (urlsplit itself accepts "+80" and leaves a range error for later)."""
    import re

    hostport = re.fullmatch(r"(\[[^\]]+\]|[^:]+)(?::([0-9]{1,5}))?", netloc)
    return hostport is not None and (hostport.group(2) is None or 1 <= int(hostport.group(2)) <= 65535)


def _one_spelling(host: str) -> str:
    """The spelling of ``host`` the connection uses anyway: an IP address as Python writes it (::1, not 0:0:…:1), a
    name without its root dot (mockapi.kiwoom.com., an absolute name, is mockapi.kiwoom.com), a non-ASCII name in
    its IDNA form (한국.com is xn--3e0b707e.com), which the connection is then made to."""
    if ":" in host:  # IPv6 (an IPv4 address has one spelling Python accepts; no import at start-up for a name)
        import ipaddress

        try:
            return str(ipaddress.ip_address(host))
        except ValueError:
            return host
    if host.endswith(".") and not host.endswith(".."):
        host = host[:-1]
    if not host:
        raise UnsafeBaseURL("호스트 이름이 비어 있습니다 (https://호스트 형식)")
    if not host.isascii():
        import idna  # requests' own IDNA encoder (UTS 46 as requests uses it)

        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError:
            raise UnsafeBaseURL(f"호스트 이름이 올바르지 않습니다: {host!r}") from None
    return host.lower()


def check_base_url(url: str) -> str:
    """Return ``url`` without a trailing slash, or raise :class:`UnsafeBaseURL`.

    https may go anywhere (TLS verified); plain http only to 127.0.0.0/8, ::1 or localhost.
    """
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unclosed "[" of an IPv6 address
        raise UnsafeBaseURL(f"주소 형식이 올바르지 않습니다 (https://호스트 형식): {url!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeBaseURL(f"주소 형식이 올바르지 않습니다 (https://호스트 형식): {url!r}")
    if parts.username or parts.password:
        raise UnsafeBaseURL("주소에 사용자 이름·비밀번호를 넣을 수 없습니다")
    if parts.query or parts.fragment or parts.path not in ("", "/"):
        raise UnsafeBaseURL(f"호스트 주소만 입력하세요 (경로·쿼리 없이): {url!r}")
    # a port must be 1–65535 in plain digits: refused here, before the first order fails with
    # nothing sent (urlsplit itself accepts "+80" and leaves a range error for later)
    if not _port_ok(parts.netloc):
        raise UnsafeBaseURL(f"포트 번호가 올바르지 않습니다 (1–65535 사이의 숫자): {url!r}")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise UnsafeBaseURL(
            f"http(암호화 없음)는 이 컴퓨터(127.0.0.1, localhost)에만 쓸 수 있습니다. "
            f"{parts.hostname} 에는 https를 쓰세요."
        )
    # one spelling per host (the journal's host column is compared as text: an earlier 확인 필요 order, an order
    # number's origin): a host name has no case, and a scheme's own port is the same port
    host = _one_spelling(parts.hostname)
    host = f"[{host}]" if ":" in host else host
    port = parts.port
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None and port != default else "")


def resolve_base_url(env: str, override: str | None = None) -> str:
    """The checked base URL for ``env``: the override if given, else the environment's host."""
    if override:
        return check_base_url(override)
    host = environment(env).host
    if not host:
        raise UnsafeBaseURL(f"{env} 환경에는 고정 주소가 없습니다 (시뮬레이터 주소를 지정하세요)")
    return check_base_url(host)


class UnsafeWebSocketURL(UnsafeBaseURL):
    """A WebSocket URL that would send the token somewhere it must not go (the LOGIN frame carries it)."""


def check_ws_url(url: str) -> str:
    """Return ``url`` as given (trimmed), or raise :class:`UnsafeWebSocketURL`.

    wss may go anywhere (TLS verified); plain ws only to 127.0.0.0/8, ::1 or localhost. Unlike a base
    URL the path is part of it (``/api/dostk/websocket``); no user name, query or fragment.
    """
    import re
    from urllib.parse import urlsplit

    shape = f"주소 형식이 올바르지 않습니다 (wss://호스트:포트/api/dostk/websocket 형식): {url!r}"
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise UnsafeWebSocketURL(shape) from None
    if parts.scheme not in ("ws", "wss") or not parts.hostname:
        raise UnsafeWebSocketURL(shape)
    if parts.username or parts.password or "@" in parts.netloc:
        raise UnsafeWebSocketURL("주소에 사용자 이름·비밀번호를 넣을 수 없습니다")
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise UnsafeWebSocketURL(f"실시간 주소에는 쿼리(?)나 #을 넣을 수 없습니다: {url!r}")
    # a path of plain segments: no "..", no percent escapes or spaces the host might read otherwise
    if not re.fullmatch(r"(/[A-Za-z0-9_.~-]+)+", parts.path) or "/../" in parts.path + "/" or "/./" in parts.path + "/":
        raise UnsafeWebSocketURL(f"실시간 주소의 경로가 없거나 올바르지 않습니다 (예: /api/dostk/websocket): {url!r}")
    if not _port_ok(parts.netloc):
        raise UnsafeWebSocketURL(f"포트 번호가 올바르지 않습니다 (1–65535 사이의 숫자): {url!r}")
    if parts.scheme == "ws" and not is_loopback_host(parts.hostname):
        raise UnsafeWebSocketURL(
            f"ws(암호화 없음)는 이 컴퓨터(127.0.0.1, localhost)에만 쓸 수 있습니다. {parts.hostname} 에는 wss를 쓰세요."
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def live_url(
    env: str, base_url: str | None, ws_url: str | None, simulator_ws_url: str | None = None
) -> tuple[str | None, str]:
    """Where the real-time connection goes: ``(url, "")``, or ``(None, Korean reason)`` for none.

    ``base_url``: the --base-url override (None = the environment's own host); ``ws_url``: --ws-url;
    ``simulator_ws_url``: the built-in simulator's endpoint. A custom host never falls back to Kiwoom's
    WebSocket: the token issued by that host must not go to another one.
    """
    texts = load_json("environments.json")["live"]
    candidate: str | None
    if ws_url:
        candidate = ws_url
    elif base_url:
        return None, texts["custom_host"]
    elif env == "simulator":
        candidate = simulator_ws_url
        if not candidate:
            return None, texts["no_simulator_ws"]
    else:
        try:
            candidate = environment(env).ws_url
        except KeyError:
            candidate = None
        if not candidate:
            return None, texts["no_ws_url"].format(env=env)
    try:
        return check_ws_url(candidate), ""
    except UnsafeBaseURL as exc:
        return None, str(exc)

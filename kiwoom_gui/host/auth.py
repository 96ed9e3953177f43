"""Credentials in the OS keyring, and access tokens: issue (au10001), expiry in KST, revoke (au10002).

keyring service ``kiwoom-gui``, entries ``<env>:appkey``, ``<env>:secretkey``, ``<env>:token``.
When no keyring backend works, credentials live in this process's memory only — never in a file.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import keyring
import keyring.errors
import requests

from ..base.error_words import reason_in_korean
from ..base.kst import KST
from ..base.resources_io import load_json
from .answers import parse_return_code, specific_code
from .redaction import mask_secret, remember, scrub

if TYPE_CHECKING:
    from .transport import GuardedSession

SERVICE = "kiwoom-gui"
NAMES = ("appkey", "secretkey", "token")


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def parse_expires_dt(text: str) -> dt.datetime:
    """Kiwoom's ``expires_dt`` (``yyyyMMddHHmmss``) is Korean time; return an aware datetime."""
    return dt.datetime.strptime(text.strip(), "%Y%m%d%H%M%S").replace(tzinfo=KST)


def fingerprint(appkey: str) -> str:
    """Binds a cached token to the app key that issued it, without storing the key next to it."""
    return hashlib.sha256(appkey.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Token:
    value: str = field(repr=False)
    expires_at: dt.datetime | None = None
    appkey_fingerprint: str | None = None
    pasted: bool = False

    def __post_init__(self) -> None:
        remember(self.value)  # issued, loaded or pasted: from now on scrubbed from every host text

    def __repr__(self) -> str:
        return f"Token({mask_secret(self.value)}, expires_at={self.expires_at}, pasted={self.pasted})"

    def masked(self) -> str:
        return mask_secret(self.value)

    def expires_kst(self) -> str:
        return self.expires_at.astimezone(KST).strftime("%Y-%m-%d %H:%M:%S KST") if self.expires_at else "알 수 없음"

    def to_keyring(self) -> str:
        data: dict[str, str] = {"token": self.value}
        if self.expires_at:
            data["expires_dt"] = self.expires_at.astimezone(KST).strftime("%Y%m%d%H%M%S")
        if self.appkey_fingerprint:
            data["appkey_sha256"] = self.appkey_fingerprint
        return json.dumps(data)

    @classmethod
    def from_keyring(cls, text: str) -> Token | None:
        """Read what we wrote (JSON) or a bare token a user pasted (``keyring set kiwoom-gui real:token``)."""
        text = text.strip()
        if not text:
            return None
        if text.startswith("{"):
            try:
                data = json.loads(text)
                expires = parse_expires_dt(data["expires_dt"]) if data.get("expires_dt") else None
                return cls(str(data["token"]), expires, data.get("appkey_sha256"))
            except (ValueError, KeyError, TypeError):
                return None
        if text.lower().startswith("bearer "):
            text = text[7:].strip()
        return cls(text, None, None, pasted=True) if text else None


class AuthError(Exception):
    """Token issue/revoke failed. The message is Korean and never contains a secret."""

    def __init__(self, message: str, code: str | None = None, reached_host: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.reached_host = reached_host


class CredentialStore:
    """Read and write ``<env>:<name>`` entries; falls back to session memory when keyring fails."""

    def __init__(self, service: str = SERVICE, session_only: bool = False) -> None:
        self.service = service
        self.session_only = session_only
        self.problem: str | None = None  # why the keyring is not used, in Korean, for the UI
        self._memory: dict[str, str] = {}
        # what the keyring answered, kept for this run: an OS keyring read can cost milliseconds
        # (D-Bus) or even prompt, and the token is needed for every order. Our writes update it.
        self._read: dict[str, str | None] = {}

    def __repr__(self) -> str:
        return f"CredentialStore(service={self.service!r}, session_only={self.session_only})"

    def _fail(self, exc: Exception) -> None:
        self.session_only = True
        self.problem = (
            f"OS 키링을 쓸 수 없어({reason_in_korean(exc)}) 자격증명을 이번 실행 동안 메모리에만 보관합니다. "
            "파일에는 저장하지 않습니다."
        )

    def get(self, env: str, name: str) -> str | None:
        key = f"{env}:{name}"
        if key in self._memory or self.session_only:
            return self._memory.get(key)
        if key in self._read:
            return self._read[key]
        try:
            value = keyring.get_password(self.service, key)
        except keyring.errors.KeyringError as exc:
            self._fail(exc)
            return None
        self._read[key] = value
        if name != "token":  # a token is registered as a Token (this entry's text may be JSON around it)
            remember(value)
        return value

    def set(self, env: str, name: str, value: str) -> None:
        key = f"{env}:{name}"
        if name != "token":
            remember(value)
        self._read.pop(key, None)
        if not self.session_only:
            try:
                keyring.set_password(self.service, key, value)
                self._memory.pop(key, None)
                return
            except keyring.errors.KeyringError as exc:
                self._fail(exc)
        self._memory[key] = value

    def delete(self, env: str, name: str) -> None:
        key = f"{env}:{name}"
        self._memory.pop(key, None)
        self._read.pop(key, None)
        if self.session_only:
            return
        try:
            keyring.delete_password(self.service, key)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            self._fail(exc)

    def token(self, env: str) -> Token | None:
        text = self.get(env, "token")
        return Token.from_keyring(text) if text else None

    def save_token(self, env: str, token: Token) -> None:
        self.set(env, "token", token.to_keyring())

    def has_keys(self, env: str) -> bool:
        return bool(self.get(env, "appkey")) and bool(self.get(env, "secretkey"))


@dataclass(frozen=True)
class RevokeResult:
    confirmed: bool
    message: str


class TokenManager:
    """The token for one environment: cached, refreshed ahead of expiry, bound to its app key."""

    def __init__(
        self,
        env: str,
        base_url: str,
        store: CredentialStore,
        http: GuardedSession,
        refresh_margin: dt.timedelta = dt.timedelta(minutes=10),
        clock=now_utc,
    ) -> None:
        self.env, self.base_url, self.store = env, base_url, store
        self._http = http  # never follows a redirect: the keys and the token go to this host only
        self._margin, self._clock = refresh_margin, clock
        self._token: Token | None = None
        self._loaded = False
        # the host's clock minus ours, from the last answer's Date header (None: not known yet); and the token
        # the host issued that our clock judged expired on arrival — our clock is wrong, not the token
        self.host_offset: dt.timedelta | None = None
        self._clock_distrusted: str | None = None
        # counts up with every token issued or pasted here: a request refused with 8005 names the generation it
        # used, and only a refusal of the current one issues anew (N refusals at once: one issue)
        self.generation = 0
        # told of every new token (issued or pasted): the live connection logs in again with it
        self.on_new_token: Callable[[Token], None] | None = None

    def _announce(self, token: Token) -> None:
        if self.on_new_token is not None:
            try:
                self.on_new_token(token)
            except Exception:  # a listener's bug must not turn a good token into a failed issue
                pass

    def __repr__(self) -> str:
        return f"TokenManager(env={self.env!r}, base_url={self.base_url!r})"

    def secrets(self) -> list[str]:
        """Every secret this manager knows, for scrubbing text that leaves the process."""
        values = [self.store.get(self.env, "appkey"), self.store.get(self.env, "secretkey")]
        if self._token:
            values.append(self._token.value)
        return [v for v in values if v]

    def can_issue(self) -> bool:
        return self.store.has_keys(self.env)

    def _usable(self, token: Token | None) -> bool:
        if token is None:
            return False
        appkey = self.store.get(self.env, "appkey")
        if token.appkey_fingerprint and appkey and token.appkey_fingerprint != fingerprint(appkey):
            return False  # issued for another app key
        return not self._expired(token)

    def note_host_date(self, header: str | None) -> None:
        """An answer's ``Date`` header: the host's clock, which judges its tokens' ``expires_dt`` (this PC's
        clock may be a day off). An unreadable header teaches nothing."""
        try:
            when = email.utils.parsedate_to_datetime(str(header))
        except (TypeError, ValueError, IndexError, OverflowError):
            return
        if when.tzinfo is None:  # "-0000": RFC 5322's UTC with no claim about local time
            when = when.replace(tzinfo=dt.timezone.utc)
        self.host_offset = when - self._clock()

    def _host_now(self) -> dt.datetime:
        return self._clock() + (self.host_offset or dt.timedelta(0))

    def _expired(self, token: Token) -> bool:
        """Expired (or within the margin) on the host's clock when an answer told it, else on ours. A token
        the host issued and our clock judged expired on arrival is never dropped on a clock's word: its
        refusal (8005) is the evidence, so a wrong clock costs at most one issue, not one per order."""
        if token.expires_at is None or token.expires_at - self._margin > self._host_now():
            return False
        return token.value != self._clock_distrusted

    def current(self) -> Token | None:
        """The cached or stored token if still usable, without any network call."""
        if not self._loaded:
            self._token, self._loaded = self.store.token(self.env), True
        return self._token if self._usable(self._token) else None

    def token(self) -> Token:
        """A usable token, issuing one when there is none or it is (nearly) expired."""
        token = self.current()
        if token is None:
            if not self.can_issue():
                raise AuthError(
                    "접근토큰이 없거나 만료되었고, 새로 발급할 App Key/Secret Key도 없습니다. "
                    "'자격증명'에서 키를 입력하거나 토큰을 붙여 넣으세요.",
                    reached_host=False,
                )
            token = self.issue()
        return token

    def fresh_after(self, refused: int) -> Token:
        """A token newer than generation ``refused`` (the one the host refused): the current one when it is
        newer already, else a new one issued (raises :class:`AuthError` as :meth:`issue`)."""
        if self.generation != refused:
            token = self.current()
            if token is not None:
                return token
        self.invalidate()
        return self.issue()

    def invalidate(self) -> None:
        """The host rejected the token: forget it here and in the keyring."""
        self._token, self._loaded = None, True
        self.store.delete(self.env, "token")

    def set_pasted(self, text: str) -> Token | None:
        token = Token.from_keyring(text)
        if token:
            self.store.save_token(self.env, token)
        self._token, self._loaded = token, True
        if token:
            self.generation += 1
            self._announce(token)
        return token

    def _post(self, path: str, payload: dict[str, str]) -> dict:
        try:
            answer = self._http.post(
                self.base_url + path,
                json.dumps(payload).encode("utf-8"),
                {"Content-Type": "application/json;charset=UTF-8"},
            )
        except requests.RequestException as exc:
            raise AuthError(f"토큰 요청을 보내지 못했습니다 ({reason_in_korean(exc)}).", reached_host=False) from None
        if 300 <= answer.status < 400:
            raise AuthError(load_json("answers.json")["token_redirect"].format(status=answer.status))
        self.note_host_date(answer.headers.get("date"))
        try:
            data = json.loads(answer.body.decode("utf-8"))
        except (ValueError, RecursionError):
            raise AuthError(f"토큰 응답을 읽을 수 없습니다 (HTTP {answer.status}).") from None
        if not isinstance(data, dict):
            raise AuthError(f"토큰 응답을 읽을 수 없습니다 (HTTP {answer.status}).")
        return data

    def issue(self) -> Token:
        """au10001: POST /oauth2/token with the stored keys; stores and returns the new token."""
        appkey, secretkey = self.store.get(self.env, "appkey"), self.store.get(self.env, "secretkey")
        if not appkey or not secretkey:
            raise AuthError("App Key와 Secret Key를 먼저 입력하세요.", reached_host=False)
        data = self._post(
            "/oauth2/token", {"grant_type": "client_credentials", "appkey": appkey, "secretkey": secretkey}
        )
        stored = self._token or self.store.token(self.env)  # kept while this runs: still a secret
        msg = scrub(str(data.get("return_msg", "")), [appkey, secretkey, stored.value if stored else None])
        if parse_return_code(data.get("return_code")) != 0 or not data.get("token"):
            raise AuthError(f"토큰 발급 실패: {msg or '응답에 토큰이 없습니다'}", specific_code(msg))
        try:
            expires = parse_expires_dt(str(data["expires_dt"]))
        except (KeyError, ValueError):
            expires = None
        token = Token(str(data["token"]), expires, fingerprint(appkey))
        if expires is not None and expires <= self._host_now():  # just issued, already past: the clock is wrong
            self._clock_distrusted = token.value
        self.store.save_token(self.env, token)
        self._token, self._loaded = token, True
        self.generation += 1
        self._announce(token)
        return token

    def revoke(self) -> RevokeResult:
        """au10002: POST /oauth2/revoke. The local token is forgotten either way; the result says honestly
        whether the host confirmed it."""
        appkey, secretkey = self.store.get(self.env, "appkey"), self.store.get(self.env, "secretkey")
        token = self._token or self.store.token(self.env)
        self._token, self._loaded = None, True
        self.store.delete(self.env, "token")
        if token is None:
            return RevokeResult(False, "폐기할 토큰이 없습니다.")
        if not appkey or not secretkey:
            return RevokeResult(
                False, "토큰을 이 컴퓨터에서 지웠습니다. 키가 없어 호스트에는 폐기를 요청하지 못했습니다."
            )
        try:
            data = self._post("/oauth2/revoke", {"appkey": appkey, "secretkey": secretkey, "token": token.value})
        except AuthError as exc:
            return RevokeResult(False, f"토큰을 이 컴퓨터에서 지웠지만 호스트 폐기는 확인되지 않았습니다: {exc}")
        msg = scrub(str(data.get("return_msg", "")), [appkey, secretkey, token.value])
        if parse_return_code(data.get("return_code")) == 0:
            return RevokeResult(True, "호스트가 토큰 폐기를 확인했습니다.")
        return RevokeResult(False, f"토큰을 이 컴퓨터에서 지웠지만 호스트가 폐기를 거부했습니다: {msg}")

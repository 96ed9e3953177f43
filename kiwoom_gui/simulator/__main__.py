"""``python -m kiwoom_gui.simulator [--port N]``: run the simulator on 127.0.0.1 until Ctrl+C."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import threading
from pathlib import Path

from .gateway import DEMO_APPKEY, DEMO_SECRETKEY
from .server import KiwoomSimulator


def gui_program(executable: str = sys.executable, cwd: str | None = None) -> str:
    """``kiwoom-gui`` as the user types it: the script beside this Python (``.venv/bin/kiwoom-gui`` from the
    project folder, as the README has it), else the bare name on PATH."""
    folder = Path(executable).parent
    script = folder / ("kiwoom-gui.exe" if os.name == "nt" else "kiwoom-gui")
    if not script.is_file():
        return "kiwoom-gui"
    try:
        return str(script.relative_to(Path(cwd or os.getcwd())))
    except ValueError:
        return str(script)


def window_command(base_url: str, ws_url: str | None = None, program: str = "kiwoom-gui") -> str:
    """The command that opens the order window on this simulator, exactly as it is to be typed."""
    return shlex.join([program, "--demo", "--base-url", base_url, *(["--ws-url", ws_url] if ws_url else [])])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kiwoom_gui.simulator", description="키움 REST 신용주문 시뮬레이터 (127.0.0.1 전용)"
    )
    parser.add_argument("--port", type=int, default=0, help="REST 포트 (기본: 빈 포트)")
    parser.add_argument("--ws-port", type=int, default=0, help="실시간(WebSocket) 포트 (기본: 빈 포트)")
    parser.add_argument(
        "--demo", action="store_true", help="kiwoom-gui --demo 와 같은 시장과 계좌 (체결, 가격 변동, 융자 잔고 2종목)"
    )
    parser.add_argument(
        "--mode",
        choices=["sim", "mock"],
        default="sim",
        help="mock: 모의투자처럼 신용주문과 kt00005·kt00012·kt20016·kt20017 조회를 RC9000으로 거부",
    )
    parser.add_argument("--latency-ms", type=float, default=0.0, help="모든 요청에 더할 지연")
    parser.add_argument(
        "--rate-limit",
        type=float,
        default=None,
        metavar="N",
        help="api-id별 초당 허용 건수 (기본: 키움 문서의 제한 — sim 5, mock 1; 0 = 제한 없음)",
    )
    parser.add_argument(
        "--page-size", type=int, default=None, metavar="N", help="조회(ka10075·kt00007·kt00018) 한 페이지의 행 수"
    )
    parser.add_argument(
        "--market", action="store_true", help="시세에 닿는 주문을 체결하고 잔고를 만듦 (기본: 체결 없이 남음)"
    )
    parser.add_argument(
        "--fill-parts",
        type=_parts,
        default=None,
        metavar="3,7",
        help="--market: 한 주문을 이 수량씩 나눠 체결 (첫 부분은 즉시, 다음은 --step-s 마다)",
    )
    parser.add_argument("--step-s", type=float, default=2.0, metavar="S", help="--market: 시장이 한 걸음 가는 간격(초)")
    parser.add_argument(
        "--session",
        default="regular",
        metavar="NAME|HH:MM",
        help="시세의 장 시계: regular(정규장, 기본) pre(프리마켓) auction(동시호가) after(애프터마켓) closed(장종료) — "
        "그 시각에 멈춤; now = 실제 KST 시계; HH:MM[:SS] = 그 KST 시각부터 흘러감",
    )
    parser.add_argument("--seed", type=int, default=None, help="시세 난수 씨앗 (같은 씨앗 = 같은 시세 순서)")
    parser.add_argument(
        "--quote-rates",
        type=_rates,
        default=None,
        metavar="0B=50,0D=200",
        help="종목마다 초당 체결(0B)·호가(0D) 프레임 수 (기본 0B=3,0D=5)",
    )
    parser.add_argument(
        "--vi-every-s", type=float, default=None, metavar="S", help="VI가 저절로 걸리는 평균 간격(초, 0=안 걸림)"
    )
    parser.add_argument("--vi-s", type=float, default=None, metavar="S", help="VI 지속 시간(초, 기본 120)")
    args = parser.parse_args(argv)
    if args.rate_limit is not None and args.rate_limit < 0:
        parser.error("--rate-limit 은 0(제한 없음) 이상이어야 합니다")
    if args.page_size is not None and args.page_size < 1:
        parser.error("--page-size 는 1 이상이어야 합니다")
    if args.step_s <= 0:
        parser.error("--step-s 는 0보다 커야 합니다")
    for name in ("port", "ws_port"):
        if not 0 <= getattr(args, name) <= 65535:
            parser.error(f"--{name.replace('_', '-')} 은 0~65535 이어야 합니다")
    from .market.session_clock import SessionClock

    try:
        SessionClock(args.session)
    except ValueError as exc:
        parser.error(str(exc))
    options = dict(
        port=args.port,
        ws_port=args.ws_port,
        mode=args.mode,
        rate_limit_per_second=args.rate_limit,
        session=args.session,
        seed=args.seed,
        quote_rates=args.quote_rates,
        vi_every_s=args.vi_every_s,
        vi_s=args.vi_s,
    )
    try:
        if args.demo:
            from .demo import start_demo

            sim = start_demo(page_size=args.page_size, **options)
        else:
            sim = KiwoomSimulator(market=args.market, page_size=args.page_size, **options)
    except OSError as exc:  # a fixed port already taken
        print(f"simulator: 포트를 열 수 없습니다: {exc}", file=sys.stderr)
        return 1
    if args.fill_parts or not args.demo:
        sim.fill_in_parts = args.fill_parts
    sim.set_latency(args.latency_ms / 1000)
    stop = threading.Event()
    if not args.demo:
        sim.start()
        if args.market:  # later parts of a split fill, and resting orders a moved price meets
            threading.Thread(target=_tick, args=(sim, stop, args.step_s), name="simulator-market", daemon=True).start()
    rate = sim.state.rate_limit_per_second
    print(f"simulator: {sim.base_url}", flush=True)  # first line: scripts read the address from it
    print(f"demo appkey: {DEMO_APPKEY}\ndemo secretkey: {DEMO_SECRETKEY}", flush=True)
    print(f"유량 제한: api-id별 초당 {rate:g}건" if rate else "유량 제한: 없음", flush=True)
    print(f"조회 페이지: {sim.page_size}행, 시장 체결: {'켬' if args.market or args.demo else '끔'}", flush=True)
    print(f"실시간(WebSocket): {sim.ws_url}", flush=True)
    rates = ", ".join(f"{k} {v:g}/s" for k, v in sim.stream.rates.items())
    print(f"시세: 장 시계 {args.session}, 씨앗 {sim.stream.seed}, {rates}", flush=True)
    print("주문창 열기 (다른 터미널에서, 데모 자격증명은 메모리에만):", flush=True)
    print(f"  {window_command(sim.base_url, sim.ws_url, gui_program())}", flush=True)
    print("Ctrl+C로 종료", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        sim.stop()
    return 0


def _parts(text: str) -> list[int]:
    try:
        parts = [int(p) for p in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError("쉼표로 나눈 양의 정수여야 합니다 (예: 3,7)") from None
    if not parts or min(parts) < 1:
        raise argparse.ArgumentTypeError("쉼표로 나눈 양의 정수여야 합니다 (예: 3,7)")
    return parts


def _rates(text: str) -> dict[str, float]:
    error = argparse.ArgumentTypeError("0B=50,0D=200 처럼 종류=초당 건수 (0 이상)여야 합니다")
    rates = {}
    for part in text.split(","):
        kind, _, number = part.partition("=")
        try:
            rates[kind.strip()] = float(number)
        except ValueError:
            raise error from None
        if kind.strip() not in ("0B", "0D") or rates[kind.strip()] < 0:
            raise error
    return rates


def _tick(sim: KiwoomSimulator, stop: threading.Event, every_s: float) -> None:
    while not stop.wait(every_s):
        sim.step()


if __name__ == "__main__":
    raise SystemExit(main())

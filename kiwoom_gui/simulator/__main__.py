"""``python -m kiwoom_gui.simulator [--port N]``: run the simulator on 127.0.0.1 until Ctrl+C."""

from __future__ import annotations

import argparse
import threading

from .server import DEMO_APPKEY, DEMO_SECRETKEY, KiwoomSimulator


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kiwoom_gui.simulator", description="키움 REST 신용주문 시뮬레이터 (127.0.0.1 전용)"
    )
    parser.add_argument("--port", type=int, default=0, help="포트 (기본: 빈 포트)")
    parser.add_argument(
        "--mode", choices=["sim", "mock"], default="sim", help="mock: 모의투자처럼 신용주문을 RC9000으로 거부"
    )
    parser.add_argument("--latency-ms", type=float, default=0.0, help="모든 요청에 더할 지연")
    parser.add_argument("--rate-limit", type=float, default=None, help="api-id별 초당 허용 건수")
    args = parser.parse_args(argv)
    sim = KiwoomSimulator(port=args.port, mode=args.mode)
    sim.set_latency(args.latency_ms / 1000)
    sim.state.rate_limit_per_second = args.rate_limit
    sim.start()
    print(f"simulator: {sim.base_url}", flush=True)
    print(f"demo appkey: {DEMO_APPKEY}\ndemo secretkey: {DEMO_SECRETKEY}", flush=True)
    print(f"kiwoom-gui --base-url {sim.base_url} (Ctrl+C로 종료)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

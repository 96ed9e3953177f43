"""A loopback host answering the 신용잔고 tab's queries in the spec's shapes, in its own process:
``python -m benchmarks.lots_host LOTS``. Prints its base URL on the first line; serves until stdin closes.

ka10085 lists LOTS loan lots (and one cash row), kt00005 (KRX) the same lots' 평가손익; every other account
query an empty list; the stock lookup a 500 (not measured here). Tokens for any keys.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kiwoom_gui.base.kst import kst_today

LISTS = {"ka10075": "oso", "kt00007": "acnt_ord_cntr_prps_dtl", "kt00018": "acnt_evlt_remn_indv_tot"}


def lots(n: int) -> tuple[list[dict], list[dict]]:
    today = kst_today()
    rows, remn = [], []
    for i in range(n):
        code, loan = f"{100000 + i % 250:06d}", (today - dt.timedelta(days=1 + i // 250)).strftime("%Y%m%d")
        expiry = (today + dt.timedelta(days=(i * 7) % 150)).strftime("%Y%m%d")
        rows.append({
            "dt": "", "stk_cd": code, "stk_nm": f"종목{i}", "cur_prc": f"+{70000 + i}", "pur_pric": "71000",
            "pur_amt": "7100000", "rmnd_qty": "100", "tdy_sel_pl": "0", "tdy_trde_cmsn": "0", "tdy_trde_tax": "0",
            "crd_tp": "03", "loan_dt": loan, "setl_remn": "100", "clrn_alow_qty": "100", "crd_amt": "3550000",
            "crd_int": str(1000 + i), "expr_dt": expiry,
        })  # fmt: skip
        remn.append({
            "crd_tp": "03", "loan_dt": loan, "expr_dt": expiry, "stk_cd": "A" + code, "stk_nm": f"종목{i}",
            "setl_remn": "000000000100", "cur_qty": "000000000100", "cur_prc": f"{70000 + i:012d}",
            "buy_uv": "000000071000", "pur_amt": "000007100000", "evlt_amt": f"{(70000 + i) * 100:012d}",
            "evltv_prft": f"{(i - 1000) * 100:+012d}".replace("+", "0"), "pl_rt": f"{(i - 1000) / 710:.4f}",
        })  # fmt: skip
    rows.append({**rows[0], "crd_tp": "00", "loan_dt": "00000000", "expr_dt": "00000000"})  # cash: not a lot
    return rows, remn


def serve(n: int) -> ThreadingHTTPServer:
    listed, remn = lots(n)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
            api_id = self.headers.get("api-id", "")
            ok = {"return_code": 0, "return_msg": "조회가 완료되었습니다"}
            if self.path == "/oauth2/token":
                answer = {"expires_dt": "20991231235959", "token_type": "bearer", "token": "t" * 40, **ok}
            elif self.path != "/api/dostk/acnt":
                return self._send(500, {})
            elif api_id == "ka00001":
                answer = {"acctNo": "1234567890", **ok}
            elif api_id == "ka10085":
                answer = {"acnt_prft_rt": listed, **ok}
            elif api_id == "kt00005":
                answer = {"stk_cntr_remn": remn if body.get("dmst_stex_tp") == "KRX" else [], **ok}
            else:
                answer = {LISTS.get(api_id, "list"): [], **ok}
            self._send(200, answer, api_id)

        def _send(self, status: int, answer: dict, api_id: str = "") -> None:
            data = json.dumps(answer, ensure_ascii=False).encode()
            self.send_response(status)
            for key, value in (("content-type", "application/json;charset=UTF-8"), ("api-id", api_id),
                               ("cont-yn", "N"), ("next-key", ""), ("content-length", str(len(data)))):  # fmt: skip
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    server = serve(int(sys.argv[1]))
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    sys.stdin.read()  # until the benchmark closes it
    server.shutdown()

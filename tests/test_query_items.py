"""A page's list read item by item (issues 17 item 11, 18 "Measured"): ``json.loads`` of a 1.4 MB page held the GIL
for one C call and all its items as dicts. Read item by item, each item is packed as soon as it is decoded — and
what is kept is exactly what reading the page whole keeps, secrets scrubbed, a hostile page never raising.
Real loopback HTTP from the scripted host, as tests/test_query_client.py."""

from __future__ import annotations

import gc
import json

import pytest
from hostile_host import TOKEN, HostileHost, reply

from kiwoom_gui.account.list_reader import ListItems
from kiwoom_gui.account.rows import list_items, parse_rows
from kiwoom_gui.host.auth import CredentialStore, Token
from kiwoom_gui.host.client import KiwoomClient

TODAY = {
    "ord_dt": "",
    "qry_tp": "1",
    "stk_bond_tp": "0",
    "sell_tp": "0",
    "stk_cd": "",
    "fr_ord_no": "",
    "dmst_stex_tp": "%",
}
KEY = "acnt_ord_cntr_prps_dtl"  # kt00007's list


def client_for(host: HostileHost) -> KiwoomClient:
    store = CredentialStore()
    store.save_token("mock", Token(TOKEN))
    return KiwoomClient("mock", base_url=host.url, store=store, queries_per_second=0)


def answer(data: bytes) -> bytes:
    return reply(200, data, {"api-id": "kt00007", "cont-yn": "N"})


def page_text(items_json: str, **top: object) -> bytes:
    head = json.dumps({"return_code": 0, "return_msg": "조회완료", **top}, ensure_ascii=False)[:-1]
    return f'{head}, "{KEY}": [{items_json}]}}'.encode()


def item(n: int, **extra: str) -> dict:
    return {
        "ord_no": f"{n:07d}",
        "stk_cd": "A005930",
        "stk_nm": "삼성전자",
        "ord_qty": "10",
        "ord_uv": "71000",
        **extra,
    }


def both(data: bytes):
    """The same answer read whole (as every page was) and item by item."""
    with HostileHost(lambda r: [answer(data)]) as host, client_for(host) as c:
        whole = c.query_page("kt00007", TODAY)
        by_item = c.query_page("kt00007", TODAY, items=list_items("kt00007", "KRX"))
    return whole, by_item


def test_the_page_is_decoded_item_by_item_and_a_malformed_item_fails_the_page():
    """A page whose 30,000th item is malformed: the 29,999 before it were each packed as it was decoded, none of
    them gathered into a list of dicts (json.loads builds the whole list before anything can be packed), and the
    page is reported unreadable, none of its rows kept."""
    good = ",".join(json.dumps({"ord_no": f"{n:07d}"}) for n in range(29_999))
    data = page_text(good + ', {"ord_no": 00x}')
    assert len(data) < 2 * 1024 * 1024  # under the answer cap: read whole by the transport
    packer = list_items("kt00007")
    seen: list[int] = []
    gathered: list[bool] = []

    def pack(raw, scrub):
        seen.append(1)
        if len(seen) == 29_999:  # the item in hand: is it an element of a list of the page's items?
            gathered.append(any(type(r) is list for r in gc.get_referrers(raw)))
        return packer.pack(raw, scrub)

    with HostileHost(lambda r: [answer(data)]) as host, client_for(host) as c:
        result = c.query_page("kt00007", TODAY, items=ListItems(KEY, pack))
    assert len(seen) == 29_999 and gathered == [False]
    assert not result.ok and result.items is None and result.rows_body is None
    assert "JSON" in result.message


def test_rows_read_item_by_item_are_exactly_the_rows_read_whole():
    items = [item(n, io_tp_nm="+매수신용", memo="x" * 50) for n in range(3000)]
    items[7] = {**item(7), "ord_qty": 12, "stk_nm": {"a": [1, "b"]}}  # not texts: kept as their JSON text
    items[9] = "not a row"
    whole, by_item = both(page_text(",".join(json.dumps(i, ensure_ascii=False) for i in items)))
    assert whole.ok and by_item.ok
    assert KEY not in by_item.rows_body and dict(by_item.rows_body) == {
        k: v for k, v in whole.rows_body.items() if k != KEY
    }
    rows = parse_rows("kt00007", whole.rows_body)
    assert len(rows) == 2999 and [r.packed for r in rows] == [(p[0], "", *p[2:]) for p in by_item.items]
    assert {p[1] for p in by_item.items} == {"KRX"}  # the query's venue


@pytest.mark.parametrize(
    ("data", "rows", "words"),
    [
        # a repeated key: the last one counts
        (f'{{"{KEY}": [{json.dumps(item(1))}], "return_code": 0, "{KEY}": "x"}}'.encode(), 0, ""),
        (page_text(json.dumps(item(1))).replace(b'"return_code"', f'"{KEY}": 5, "return_code"'.encode()), 1, ""),
        (page_text(""), 0, ""),
        (page_text("1, null, [], " + json.dumps(item(2))), 1, ""),
        (page_text(json.dumps(item(1)))[:-1] + b"} extra", None, "JSON"),
        (page_text('{"ord_no": ' + "9" * 5000 + "}"), None, "JSON"),  # past Python's digit limit
        (page_text('{"ord_no": ' + "[" * 100_000 + "]" * 100_000 + "}"), None, "읽을 수 없습니다"),
        (b"\xef\xbb\xbf" + page_text(json.dumps(item(1))), None, "JSON"),
        (b'{"return_code": 0, "return_msg": "x", "' + KEY.encode() + b'": [{"ord_no": "1"},]}', None, "JSON"),
        (b'[{"ord_no": "0000001"}]', None, "JSON"),
    ],
)
def test_a_hostile_page_is_read_item_by_item_as_it_is_read_whole(data, rows, words):
    whole, by_item = both(data)
    assert (whole.ok, whole.message, whole.return_code) == (by_item.ok, by_item.message, by_item.return_code)
    if rows is None:
        assert not by_item.ok and by_item.items is None and words in by_item.message
    else:
        assert by_item.ok and len(by_item.items) == rows == len(parse_rows("kt00007", whole.rows_body))


def test_every_text_kept_of_an_item_is_scrubbed():
    escaped = json.dumps(TOKEN).replace("-", "\\u002d")[1:-1]  # the same token, written another way
    items = [
        item(1, stk_nm=f"이름 {TOKEN}"),
        f'{{"ord_no": "0000002", "stk_nm": "{escaped}", "io_tp_nm": "{TOKEN}"}}',
        {**item(3), "ord_uv": {"echo": TOKEN}, "ord_qty": [TOKEN]},
    ]
    text = ",".join(i if isinstance(i, str) else json.dumps(i, ensure_ascii=False) for i in items)
    whole, by_item = both(page_text(text, return_msg=f"완료 {TOKEN}"))
    kept = repr(by_item)
    assert TOKEN not in kept and TOKEN.replace("-", "\\u002d") not in kept
    assert by_item.ok and len(by_item.items) == 3 and kept.count("****") >= 5
    assert [r.packed[2:] for r in parse_rows("kt00007", whole.rows_body)] == [p[2:] for p in by_item.items]

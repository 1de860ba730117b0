"""Callback answers kept per worker: the same request is answered once, a data change drops them."""

from __future__ import annotations

import json
import threading

from server.answer_cache import AnswerCache
from server.context import SETTINGS_KEY


def chart_request(client, search: str) -> dict:
    """The body the browser posts when the URL's query string becomes ``search`` (it draws the chart)."""
    dependencies = client.get("/_dash-dependencies").get_json()
    chart = next(d for d in dependencies if "...chart.figure..." in d["output"])
    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
        for part in chart["output"].strip(".").split("...")
    ]

    def props(items: list[dict]) -> list[dict]:
        return [{**i, "value": search if (i["id"], i["property"]) == ("url", "search") else None} for i in items]

    return {
        "output": chart["output"],
        "outputs": outputs,
        "inputs": props(chart["inputs"]),
        "state": props(chart["state"]),
        "changedPropIds": ["url.search"],
    }


def test_the_lru_keeps_within_its_budget_and_drops_the_least_recently_used():
    cache = AnswerCache(100)
    cache.put(b"a", b"x" * 20)
    cache.put(b"b", b"y" * 20)
    assert cache.get(b"a") == b"x" * 20  # a is now the most recently used
    cache.put(b"c", b"z" * 20)
    cache.put(b"d", b"w" * 20)
    cache.put(b"e", b"v" * 20)  # 100 bytes: all fit
    assert cache.size == 100 and len(cache) == 5
    cache.put(b"f", b"u" * 20)  # b is the least recently used: out
    assert cache.get(b"b") is None and cache.get(b"a") is not None and cache.size == 100
    cache.put(b"a", b"x" * 10)  # replacing an answer counts its new size only
    assert cache.size == 90
    cache.put(b"huge", b"h" * 26)  # over a quarter of the budget: never kept
    assert cache.get(b"huge") is None
    assert (cache.hits, cache.misses) == (2, 2)


def test_the_lru_is_safe_under_concurrent_use():
    cache = AnswerCache(10_000)

    def work(n: int) -> None:
        for i in range(2_000):
            key = f"{(n * i) % 97}".encode()
            cache.put(key, key * 3)
            body = cache.get(key)
            assert body is None or body == key * 3

    threads = [threading.Thread(target=work, args=(n,)) for n in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.size == sum(len(cache.get(f"{k}".encode()) or b"") for k in range(97)) <= 10_000


def test_a_repeated_chart_request_is_answered_from_memory_with_the_same_bytes(server):
    client = server.test_client()
    cache = server.extensions["reform_answer_cache"]
    body = chart_request(client, "?tab=chart&ind=enforcement_items&lang=en&from=2020")
    hits = cache.hits
    first = client.post("/_dash-update-component", json=body)
    second = client.post("/_dash-update-component", json=body)
    assert first.status_code == second.status_code == 200
    assert first.get_data() == second.get_data() and b"enforcement" in first.get_data()
    assert cache.hits == hits + 1
    assert "Content-Security-Policy" in second.headers and second.mimetype == "application/json"
    other = client.post("/_dash-update-component", json=chart_request(client, "?tab=chart&ind=enforcement_domains"))
    assert other.get_data() != first.get_data()


def test_answers_follow_the_data_when_a_file_changes(server, make_data_dir):
    data_dir = make_data_dir()
    settings = server.config[SETTINGS_KEY]
    server.config[SETTINGS_KEY] = settings.model_copy(update={"data_dir": data_dir, "settle_seconds": 0.0})
    client = server.test_client()
    body = chart_request(client, "?tab=chart&ind=high_tech&lang=en")
    before = client.post("/_dash-update-component", json=body).get_data()
    assert client.post("/_dash-update-component", json=body).get_data() == before
    (data_dir / "sources" / "more.yaml").write_text(
        "observations:\n  - {indicator: high_tech, source: base-source, period: '2021', value: 80, qualifier: exact,"
        " quote: 八十家}\n",
        encoding="utf-8",
    )
    after = client.post("/_dash-update-component", json=body).get_data()
    assert after != before
    assert "八十家" in json.dumps(json.loads(after), ensure_ascii=False)  # the new value's quote is drawn


def test_the_embed_code_in_an_answer_follows_the_host_asked(server):
    client = server.test_client()
    body = chart_request(client, "?tab=chart&ind=enforcement_items")
    one = client.post("/_dash-update-component", json=body, base_url="http://one.example").get_data()
    two = client.post("/_dash-update-component", json=body, base_url="http://two.example").get_data()
    assert b"one.example" in one and b"two.example" in two

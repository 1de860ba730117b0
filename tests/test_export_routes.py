"""Data, embed and briefing routes through Flask's test client; the download controls; the deck's text."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile

import openpyxl
import pandas as pd
import pytest

from callbacks.downloads import update_download_links
from indicators import load_dataset
from indicators.formatting import NumberStyle
from indicators.selections import table_rows
from indicators.settings import EmbedSettings
from indicators.tables import LABEL_COLUMNS, TIDY_COLUMNS
from layouts import components as c
from layouts.downloads import data_href, embed_snippet, with_encoding
from layouts.ids import Ids
from layouts.kpi import kpi_lines
from layouts.view_state import ViewState
from server.context import SETTINGS_KEY
from server.files import EMBED_LINK_HEIGHT, PLOTLY_JS_PATH, content_disposition
from server.headers import allows_other_sites, frame_ancestors
from tests.conftest import DATA_DIR, ROOT
from tests.test_app import page, texts

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def client(server):
    return server.test_client()


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_DIR)


def _use(server, **changes):
    server.config[SETTINGS_KEY] = server.config[SETTINGS_KEY].model_copy(update=changes)


# --- data URLs ------------------------------------------------------------------------------------


def test_full_data_csv_reads_into_pandas_with_a_bom_and_a_dated_attachment_name(client):
    response = client.get("/data/observations.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="longgang-indicators_all_\d{4}-\d\d-\d\d\.csv"', response.headers["Content-Disposition"]
    )
    assert response.headers["Cache-Control"] == "no-cache" and response.headers["ETag"]
    assert response.data.startswith(BOM)
    frame = pd.read_csv(io.BytesIO(response.data), encoding="utf-8-sig")
    # No lang=: the stable columns only, as `python -m indicators export` gives them (tests/test_cli.py).
    assert list(frame.columns) == list(TIDY_COLUMNS) and len(frame) == 37 + 14
    labelled = pd.read_csv(io.BytesIO(client.get("/data/observations.csv?lang=zh").data), encoding="utf-8-sig")
    assert list(labelled.columns) == [*TIDY_COLUMNS, *LABEL_COLUMNS]  # a language adds its readable columns
    revalidated = client.get("/data/observations.csv", headers={"If-None-Match": response.headers["ETag"]})
    assert revalidated.status_code == 304 and revalidated.data == b""


def test_displayed_data_is_the_views_indicators_and_years_and_matches_the_table(client, dataset):
    response = client.get(
        "/data/observations.csv?ind=enforcement_items,national_high_tech_enterprises&from=2021&lang=en"
    )
    frame = pd.read_csv(io.BytesIO(response.data))
    assert set(frame["indicator_id"]) <= {"enforcement_items", "national_high_tech_enterprises"}
    assert (pd.to_datetime(frame["period_end"]) >= "2021-01-01").all()
    state = ViewState(indicators=("enforcement_items", "national_high_tech_enterprises"), year_from=2021)
    assert len(frame) == len(table_rows(dataset, state.indicators, state.year_from, state.year_to))
    assert frame["indicator_name"].iloc[0] in {
        "Items of comprehensive administrative enforcement",
        "National high-tech enterprises",
    }
    assert (
        "longgang-indicators_enforcement_items-national_high_tech_enterprises_"
        in response.headers["Content-Disposition"]
    )


def test_one_indicator_wide_without_bom(client):
    response = client.get("/data/enforcement_items.csv?layout=wide&encoding=utf-8")
    assert response.status_code == 200 and not response.data.startswith(BOM)
    frame = pd.read_csv(io.BytesIO(response.data))
    assert list(frame.columns)[:4] == ["period", "period_start", "period_end", "period_label"]
    assert frame.iloc[:, 4].tolist() == [318, 2681]


def test_xlsx_and_zip_have_their_types_and_contents(client):
    xlsx = client.get("/data/enforcement_items.xlsx?lang=en&encoding=utf-8")
    assert xlsx.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames == ["data", "indicators", "sources", "qualifiers", "readme"]
    assert book["data"].max_row == 3
    archive = client.get("/data/observations.zip?ind=enforcement_items&encoding=utf-8")
    assert archive.headers["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.data)) as bundle:
        names = bundle.namelist()
        data = bundle.read(names[0])
    assert "README.txt" in names and names[0].startswith("longgang-indicators_enforcement_items_")
    assert not data.startswith(BOM)


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/data/nope.csv", 404, "未知指标：nope"),
        ("/data/nope.csv?lang=en", 404, "Unknown indicator: nope"),
        ("/data/observations.csv?ind=enforcement_items,nope", 404, "未知指标：nope"),
        ("/data/enforcement_items.txt", 404, "未知文件类型“.txt”"),
        ("/data/observations.csv?layout=long&lang=en", 400, "Invalid layout “long”; use tidy, wide"),
        ("/data/observations.csv?encoding=gbk&lang=en", 400, "Invalid encoding “gbk”; use utf-8-sig, utf-8"),
        ("/data/observations.csv?lang=fr", 400, "参数 lang 的值“fr”无效"),
        ("/data/observations.csv?from=20x&lang=en", 400, "Year “20x” is not valid"),
        ("/data/observations.csv?from=2022&to=2020&lang=en", 400, "from is after to (2022-2020)"),
        ("/data/observations.csv?foo=1&lang=en", 400, "Unknown parameter “foo”; allowed: ind, from, to"),
        ("/data/enforcement_items.csv?ind=x&lang=en", 400, "Unknown parameter “ind”"),
        ("/chart/enforcement_items.gif?lang=en", 404, "Unknown file type “.gif”; use .png, .svg"),
        ("/chart/nope.png?lang=en", 404, "Unknown indicator: nope"),
        ("/chart/enforcement_items.png?width=wide&lang=en", 400, "width “wide” is not a whole number"),
        (
            "/chart/enforcement_items.png?view=3d&lang=en",
            400,
            "Invalid view “3d”; use auto, fact, small-multiples, before-after, trend",
        ),
        ("/embed/nope?lang=en", 404, "Unknown indicator: nope"),
        ("/embed/enforcement_items?height=-5&lang=en", 400, "height “-5” is not a whole number"),
        ("/briefing.pptx?ind=nope&lang=en", 404, "Unknown indicator: nope"),
        (f"/data/observations.csv?ind={','.join(['enforcement_items'] * 2 + [f'x{i}' for i in range(3)])}", 404, "x0"),
    ],
)
def test_errors_are_short_plain_text(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    body = response.get_data(as_text=True)
    assert message in body and "Traceback" not in body and len(body) < 300


@pytest.mark.parametrize(
    "url", ["/data/..%2f..%2fconfig.yaml", "/data/..%2fconfig.csv", "/data/../config.csv", "/chart/..%2fapp.png"]
)
def test_paths_never_reach_files(client, url):
    # A slash (encoded or not) never matches a route's <name>; Dash answers with its page, never a file.
    response = client.get(url)
    assert "Content-Disposition" not in response.headers and b"frame_ancestors" not in response.data


def test_too_many_indicators_is_a_bad_request(client, dataset):
    ids = ",".join(list(dataset.indicators.index)[:9])
    response = client.get(f"/data/observations.csv?ind={ids}&lang=en")
    assert response.status_code == 400 and "At most 8 indicators" in response.get_data(as_text=True)


def test_data_routes_use_the_cached_dataset(client, monkeypatch):
    from indicators import dataset as dataset_module

    client.get("/data/observations.csv")
    builds = []
    original = dataset_module._LOADER._build
    monkeypatch.setattr(dataset_module._LOADER, "_build", lambda *a: builds.append(a) or original(*a))
    for url in ("/data/observations.csv", "/data/enforcement_items.xlsx", "/embed/enforcement_items"):
        assert client.get(url).status_code == 200
    assert builds == []


def test_content_disposition_names_non_ascii_files_per_rfc_5987():
    assert content_disposition("attachment", "a_b.csv") == 'attachment; filename="a_b.csv"'
    value = content_disposition("attachment", "龙港 指标.csv")
    assert value.startswith('attachment; filename="') and "filename*=UTF-8''%E9%BE%99%E6%B8%AF%20" in value
    assert value.encode("latin-1")  # a header value must be Latin-1


# --- embeds ---------------------------------------------------------------------------------------


def test_embed_page_may_be_framed_by_the_configured_sites_only(server, client):
    _use(server, embed=EmbedSettings(frame_ancestors=["'self'", "https://intranet.example.gov.cn"]))
    response = client.get("/embed/enforcement_items?lang=en&height=420")
    assert response.status_code == 200 and response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://intranet.example.gov.cn" in policy
    assert "script-src 'self';" in policy and "unsafe-eval" not in policy
    assert "X-Frame-Options" not in response.headers
    page = client.get("/?tab=chart")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert client.get("/data/observations.csv").headers["X-Frame-Options"] == "DENY"


def test_embed_page_has_no_inline_script_and_uses_the_apps_own_plotly(client):
    html = client.get("/embed/enforcement_items?lang=en&height=420").get_data(as_text=True)
    assert '<html lang="en">' in html and "<title>Items of comprehensive administrative enforcement</title>" in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert f'src="{PLOTLY_JS_PATH}"' in html and 'src="/assets/embed.js"' in html
    assert "_dash" not in html
    # The chart fills its frame: the page's box is the frame's height, the chart all of it but the link line.
    assert "height:100vh" in html and 'id="embed-chart" style="flex:1 1 auto' in html
    spec = re.search(r'<script type="application/json" id="embed-figure">(.*?)</script>', html, re.S)[1]
    assert f'"height":{420 - EMBED_LINK_HEIGHT}' in spec and '"locale": "en"' in spec
    # Under it, a link back to its view on the dashboard (in a new tab), and when the data is from.
    link = re.search(r'<a id="embed-view-link" href="([^"]+)" target="_blank" rel="noopener"[^>]*>([^<]+)</a>', html)
    assert link[1] == "http://localhost/?lang=en&amp;tab=chart&amp;ind=enforcement_items"
    assert "View on the Longgang reform indicators dashboard" in link[2] and "Data as of " in html
    plotly_js = client.get(PLOTLY_JS_PATH)
    assert plotly_js.status_code == 200 and plotly_js.mimetype == "text/javascript"
    assert "immutable" in plotly_js.headers["Cache-Control"] and b"plotly.js" in plotly_js.data[:200]


def test_embed_json_cannot_close_its_script_block(server, client, make_data_dir):
    data_dir = make_data_dir(
        {
            "x.yaml": "indicators:\n  - {id: evil, name: {zh: '</script><script>alert(1)</script>', en: '</SCRIPT>&'}, description: {zh: d, en: d}, category: enterprises, unit: enterprise}\nobservations:\n  - {id: e1, indicator: evil, source: base-source, period: '2021', value: 1, qualifier: exact, quote: '</script>'}\n"
        }
    )
    _use(server, data_dir=data_dir)
    html = client.get("/embed/evil").get_data(as_text=True)
    assert html.count("</script>") == 4  # the JSON block, plotly.js, the locale, embed.js
    spec = re.search(r'<script type="application/json" id="embed-figure">(.*?)</script>', html, re.S)[1]
    assert "<" not in spec and ">" not in spec and "&" not in spec
    assert (
        json.loads(spec)["figure"]["layout"]["title"]["text"]
        == "<b>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</b>"
    )
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html


def test_frame_ancestors_from_config_are_checked():
    assert frame_ancestors(["'self'", "https://a.example.gov.cn", "http://10.0.0.5:8080"]) == (
        "'self' https://a.example.gov.cn http://10.0.0.5:8080"
    )
    assert frame_ancestors(["https://a.example; script-src *", "'unsafe-inline'", "x\ny"]) == "'none'"
    assert frame_ancestors([]) == "'none'"
    assert not allows_other_sites(["'self'"]) and not allows_other_sites(["'none'", "x; y"])
    assert allows_other_sites(["'self'", "http://10.0.0.5:8080"])


# --- the controls on the page ---------------------------------------------------------------------


def test_chart_has_data_image_briefing_links_and_embed_code(server):
    notes = page(server, "?tab=chart&ind=enforcement_items&from=2020")["chart"]["notes"]
    (block,) = [n for n in notes if getattr(n, "id", None) == Ids.CHART_DOWNLOADS]
    links = {a.href for a in _walk(block) if type(a).__name__ == "A"}
    assert {
        "/chart/enforcement_items.png?lang=zh&from=2020",
        "/chart/enforcement_items.svg?lang=zh&from=2020",
        "/briefing.pptx?ind=enforcement_items&lang=zh&from=2020",
        "/briefing.pptx?lang=zh",
        "/chart/enforcement_items.png?lang=zh&from=2020&preset=slide",
        "/chart/enforcement_items.png?lang=zh&from=2020&preset=slide-4x3",
        "/chart/enforcement_items.png?lang=zh&from=2020&preset=document",
        "/data/observations.json?ind=enforcement_items&from=2020&lang=zh",
        "/data/datapackage.json",
        "/data/observations.csv?ind=enforcement_items&from=2020&lang=zh",
        "/data/observations.csv?ind=enforcement_items&from=2020&lang=zh&layout=wide",
        "/data/observations.xlsx?ind=enforcement_items&from=2020&lang=zh",
        "/data/observations.zip?ind=enforcement_items&from=2020&lang=zh",
        "/data/observations.csv?lang=zh",
    } <= links
    downloads = [a for a in _walk(block) if type(a).__name__ == "A"]
    assert all(a.download for a in downloads)
    assert "下载当前数据" in texts(block) and "PNG：16:9 幻灯片（1920×1080）" in texts(block)
    (copy,) = [x for x in _walk(block) if "copy-image" in (getattr(x, "className", "") or "").split()]
    assert type(copy).__name__ == "Button" and copy.children == "复制图片"
    assert getattr(copy, "data-src") == "/chart/enforcement_items.png?lang=zh&from=2020&preset=slide"


def test_embed_code_is_offered_only_when_other_sites_may_frame_charts(server):
    # The default, frame_ancestors: ["'self'"]: a frame on another site would be refused, so no code;
    # the panel says, in the page's language, that an operator must add the site and which setting.
    block = _downloads(server, "?tab=chart&ind=enforcement_items&from=2020")
    assert not [x for x in _walk(block) if getattr(x, "id", None) == Ids.EMBED_CODE]
    assert "需由管理员把要嵌入的网站加入设置 embed.frame_ancestors" in texts(block)
    assert "docs/deployment.md" in texts(block) and "config.yaml" not in texts(block)
    english = _downloads(server, "?lang=en&tab=chart&ind=enforcement_items")
    assert "an operator must add the site to the setting embed.frame_ancestors" in texts(english)

    _use(server, embed=EmbedSettings(frame_ancestors=["'self'", "https://intranet.example.gov.cn"]))
    block = _downloads(server, "?tab=chart&ind=enforcement_items&from=2020")
    (code,) = [x for x in _walk(block) if getattr(x, "id", None) == Ids.EMBED_CODE]
    assert code.readOnly and code.value == (
        '<iframe src="http://localhost/embed/enforcement_items?lang=zh&amp;from=2020" title="综合行政执法事项" '
        'width="100%" height="600" style="border:0;max-width:100%" loading="lazy"></iframe>'
    )
    assert "复制嵌入代码" in texts(block) and "embed.frame_ancestors" not in texts(block)


def _downloads(server, search: str):
    notes = page(server, search)["chart"]["notes"]
    (block,) = [n for n in notes if getattr(n, "id", None) == Ids.CHART_DOWNLOADS]
    return block


def test_table_tab_has_the_data_links_of_its_view_in_its_language(server):
    table = page(server, "?tab=table&lang=en&to=2021")["view"]["table"]
    links = {a.href for a in _walk(table) if type(a).__name__ == "A"}
    assert "/data/observations.csv?to=2021&lang=en" in links and "/data/observations.zip?lang=en" in links
    assert "Displayed data" in texts(table) and "Full data" in texts(table)


def test_encoding_choice_rewrites_csv_and_zip_links():
    href = data_href(ViewState(indicators=("a",)), "csv", layout="wide")
    plain = with_encoding(href, "utf-8")
    assert plain == "/data/observations.csv?ind=a&lang=zh&layout=wide&encoding=utf-8"
    assert with_encoding(plain, "utf-8-sig") == href
    assert update_download_links("utf-8", [href, None]) == [plain, None]
    assert update_download_links("bogus", [plain]) == [href]


def test_embed_snippet_escapes_its_attributes():
    snippet = embed_snippet(ViewState(indicators=("a", "b"), lang="en"), "https://x.example/", 'A "title" <b>')
    assert 'src="https://x.example/embed/a,b?lang=en"' in snippet
    assert 'title="A &quot;title&quot; &lt;b&gt;"' in snippet


def test_kpi_lines_say_what_the_overview_cards_say(dataset):
    for lang in ("zh", "en"):
        for indicator_id in dataset.indicators.index[dataset.indicators["headline"]]:
            card = texts(c.build_kpi_card(dataset, indicator_id, ViewState(lang=lang), "zh", NumberStyle.MYRIAD))
            card = re.sub(r"\s+", "", card)
            lines = kpi_lines(dataset, indicator_id, lang)
            for line in (lines.value, lines.period, lines.qualifier, lines.compare, lines.change):
                if line:
                    assert re.sub(r"\s+", "", line) in card, (indicator_id, lang, line)


def _walk(component):
    """Every component in a tree."""
    if isinstance(component, list | tuple):
        for item in component:
            yield from _walk(item)
        return
    if component is None or isinstance(component, str | int | float):
        return
    yield component
    for name in ("children", "copied_children"):
        yield from _walk(getattr(component, name, None))


def test_figures_images_and_the_deck_do_not_import_dash():
    code = (
        "import sys; import cli.main, layouts.chart_view, outputs.images, outputs.briefing, layouts.kpi; "
        "assert 'dash' not in sys.modules, sorted(m for m in sys.modules if m.startswith('dash'))"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)

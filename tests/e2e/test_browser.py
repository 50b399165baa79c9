"""The real dashboard in headless Chromium: pages load, the map and charts draw, downloads complete."""

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from dashboard.i18n import Labels

pytestmark = pytest.mark.e2e

PAGES = {
    "overview": "",
    "provinces": "provinces",
    "categories": "categories",
    "sources": "sources",
    "digital_economy": "digital-economy",
    "exchanges": "exchanges",
    "quality": "data-quality",
}
WAIT_MS = 30_000
CHART = 'iframe[title="dashboard.plotly_frame.chart"]'  # each chart is drawn in its own frame


@pytest.fixture(params=["zh", "en"])
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def page(browser: Any, lang: str) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000},
        locale="zh-CN" if lang == "zh" else "en-GB",
        accept_downloads=True,
    )
    tab = context.new_page()
    yield tab
    context.close()


def open_page(tab: Any, server: str, key: str, lang: str) -> None:
    """Go to a page and wait until its title and its charts are on screen."""
    tab.goto(f"{server}/{PAGES[key]}?lang={lang}")
    title = Labels(lang)(f"page.{key}")  # type: ignore[arg-type]
    tab.locator('[data-testid="stMainBlockContainer"] h1').filter(has_text=title).wait_for(timeout=WAIT_MS)
    tab.frame_locator(CHART).first.locator(".main-svg").first.wait_for(timeout=WAIT_MS)
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT_MS
    )  # the script has finished running


def assert_no_exception(tab: Any) -> None:
    boxes = tab.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()
    assert tab.get_by_text("Page not found").count() == 0


def full_screenshot(tab: Any, path: Path) -> None:
    """Streamlit scrolls inside its main block: grow the window to the content, then shoot."""
    height = tab.evaluate("document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight")
    tab.set_viewport_size({"width": 1400, "height": min(int(height) + 120, 8000)})
    tab.wait_for_timeout(1500)  # let Plotly redraw at the new size
    tab.screenshot(path=str(path))


@pytest.mark.parametrize("key", list(PAGES))
def test_every_page_loads_without_an_exception(
    page: Any, server: str, lang: str, key: str, screenshots: Path
) -> None:
    open_page(page, server, key, lang)
    assert_no_exception(page)
    full_screenshot(page, screenshots / f"{PAGES[key] or 'overview'}-{lang}.png")
    assert_no_exception(page)


def test_the_map_draws_offline(page: Any, server: str, lang: str) -> None:
    """Only local shapes, no base map: the provinces are filled even with no internet."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_page(page, server, "provinces", lang)
    page.frame_locator(CHART).first.locator(".choroplethlocation").first.wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(1000)
    chart = page.locator(CHART).first
    picture = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    colours = picture.getcolors(maxcolors=1 << 20) or []
    grey = sum(count for count, rgb in colours if rgb == (228, 230, 234))  # provinces with no data
    blue = sum(count for count, (r, g, b) in colours if b > 150 and b - r > 60)  # provinces with data
    assert grey > 20_000, "the no-data provinces were not drawn"
    assert blue > 500, "the provinces with data were not drawn"
    outside = [url for url in requests if not url.startswith((server, "data:", f"blob:{server}"))]
    assert not outside, f"the page fetched from outside: {outside[:3]}"


# A point inside a province's shape, in the frame's coordinates: plotly.js finds the province under the
# mouse itself (its background layer takes the events), so the click must land inside the shape.
INSIDE = """(paths, code) => {
  const shape = paths.find((p) => p.__data__ && p.__data__.loc === code);
  if (!shape) return null;
  const box = shape.getBoundingClientRect(), toShape = shape.getScreenCTM().inverse();
  for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
    const x = box.left + (box.width * i) / 20, y = box.top + (box.height * j) / 20;
    if (shape.isPointInFill(new DOMPoint(x, y).matrixTransform(toShape))) return [x, y];
  }
  return null;
}"""


def test_a_click_on_the_map_picks_the_province(page: Any, server: str, lang: str) -> None:
    """The map's frame sends the click back: the province is picked and its detail is shown."""
    labels = Labels(lang)  # type: ignore[arg-type]
    open_page(page, server, "provinces", lang)
    shapes = page.frame_locator(CHART).first.locator(".choroplethlocation")
    shapes.first.wait_for(timeout=WAIT_MS)
    point = shapes.evaluate_all(INSIDE, "44")
    assert point, "Guangdong is on the map"
    frame = page.locator(CHART).first.bounding_box()
    page.mouse.click(frame["x"] + point[0], frame["y"] + point[1])
    name = "广东省" if lang == "zh" else "Guangdong"
    detail = labels("provinces.detail", province=name, dimension=labels.term("dimension", "exchange"))
    page.locator('[data-testid="stMainBlockContainer"] h3').filter(has_text=detail).wait_for(timeout=WAIT_MS)
    assert page.get_by_role("combobox", name=labels("provinces.pick")).input_value() == name
    assert_no_exception(page)


def test_the_chart_frames_code_crosses_the_network_once_compressed(page: Any, server: str, lang: str) -> None:
    """Every chart's frame loads the same plotly.js: one download, then revalidations (304) or the cache."""
    urls: dict[str, str] = {}
    encodings: dict[str, str] = {}
    wire: dict[str, int] = {}  # request -> bytes over the wire (headers and compressed body)
    session = page.context.new_cdp_session(page)
    session.on(
        "Network.requestWillBeSent", lambda event: urls.update({event["requestId"]: event["request"]["url"]})
    )

    def received(event: dict[str, Any]) -> None:
        headers = {name.lower(): value for name, value in event["response"]["headers"].items()}
        encodings[event["requestId"]] = headers.get("content-encoding", "")

    session.on("Network.responseReceived", received)
    session.on(
        "Network.loadingFinished", lambda event: wire.update({event["requestId"]: event["encodedDataLength"]})
    )
    session.send("Network.enable")
    open_page(page, server, "categories", lang)
    frames = page.locator(CHART)
    assert frames.count() >= 3
    for n in range(frames.count()):
        page.frame_locator(CHART).nth(n).locator(".main-svg").first.wait_for(timeout=WAIT_MS)
    bundle = {r: size for r, size in wire.items() if "/component/" in urls[r] and "/plotly/chunk-" in urls[r]}
    downloads = [r for r, size in bundle.items() if size > 10_000]
    assert len(bundle) == frames.count(), "each frame asked for the bundle"
    assert len(downloads) == 1, f"bytes over the wire for each frame's bundle: {sorted(bundle.values())}"
    assert encodings[downloads[0]] in ("br", "gzip")


def test_a_chart_draws_its_bars(page: Any, server: str, lang: str) -> None:
    open_page(page, server, "overview", lang)
    bars = page.frame_locator(CHART).first.locator(".barlayer .point path")
    assert bars.count() == 10  # one bar segment per month and source with trade in the fixture
    assert_no_exception(page)


def test_a_chart_csv_download_completes(page: Any, server: str, lang: str, tmp_path: Path) -> None:
    labels = Labels(lang)  # type: ignore[arg-type]
    open_page(page, server, "overview", lang)
    with page.expect_download(timeout=WAIT_MS) as event:
        page.get_by_role("button", name=labels("download.csv")).first.click()
    target = tmp_path / event.value.suggested_filename
    event.value.save_as(target)
    data = target.read_bytes()
    assert target.name == "dexstat-monthly-by-source.csv"
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:2] == [labels("header.month"), labels("header.key")]
    assert len(rows) == 1 + 10


def test_a_chart_keeps_its_place_while_its_code_loads(page: Any, server: str, lang: str) -> None:
    """Each frame takes its figure's height at once: the page does not jump when plotly.js arrives."""
    held: list[Any] = []
    page.route("**/plotly/chunk-*.js", lambda route: held.append(route))  # plotly.js held back
    page.goto(f"{server}/?lang={lang}")
    frame = page.locator(CHART).first
    frame.wait_for(timeout=WAIT_MS)
    page.wait_for_function(
        f"() => document.querySelector('{CHART}').getBoundingClientRect().height >= 380", timeout=WAIT_MS
    )  # the overview's chart is 380 px high (charts.layout)
    assert page.frame_locator(CHART).first.locator(".main-svg").count() == 0, "not drawn yet"
    for route in held:
        route.continue_()
    page.unroute("**/plotly/chunk-*.js")
    page.frame_locator(CHART).first.locator(".main-svg").first.wait_for(timeout=WAIT_MS)


def test_a_figure_the_frame_cannot_draw_says_so_in_the_readers_language(
    page: Any, server: str, lang: str
) -> None:
    """A trace the partial plotly.js lacks is named on screen, never a blank chart."""
    open_page(page, server, "overview", lang)  # the page declares the component: its files are served
    page.goto(f"{server}/component/dashboard.plotly_frame.chart/index.html")  # the frame alone
    failed = Labels(lang)("app.chart_failed")  # type: ignore[arg-type]
    figure = '{"data": [{"type": "pie", "values": [1, 2]}], "layout": {}}'
    page.evaluate(
        "([spec, failed]) => window.postMessage("
        "{type: 'streamlit:render', args: {spec, config: {}, selectable: false, failed}}, '*')",
        [figure, failed],
    )
    problem = page.locator("#problem")
    problem.wait_for(timeout=WAIT_MS)
    assert problem.inner_text() == f"{failed}the chart bundle has no pie (see frontend/plotly.js)"


def test_a_chart_saves_as_png_from_its_toolbar(page: Any, server: str, lang: str, tmp_path: Path) -> None:
    """The toolbar's camera works inside the chart's frame (a sandboxed iframe that allows downloads)."""
    open_page(page, server, "overview", lang)
    frame = page.frame_locator(CHART).first
    frame.locator(".js-plotly-plot").hover()  # the toolbar shows on hover
    with page.expect_download(timeout=WAIT_MS) as event:
        frame.locator(".modebar-btn[data-title^='Download plot']").first.click()
    target = tmp_path / event.value.suggested_filename
    event.value.save_as(target)
    assert target.name == "dexstat-monthly-by-source.png"
    with Image.open(target) as picture:
        assert picture.format == "PNG" and picture.width > 1000  # scale 2: print quality


SVG_HEIGHT = "() => document.querySelector('.main-svg').getBoundingClientRect().height"
SVG_WIDTH = "() => document.querySelector('.main-svg').getBoundingClientRect().width"


def test_a_chart_fills_the_screen_from_its_toolbar_and_comes_back(page: Any, server: str, lang: str) -> None:
    """Streamlit's own full-screen button stays outside a frame: the frame's toolbar has one."""
    open_page(page, server, "overview", lang)
    inside = page.locator(CHART).first.element_handle().content_frame()
    shown, wide = inside.evaluate(SVG_HEIGHT), inside.evaluate(SVG_WIDTH)
    button = inside.locator(f".modebar-btn[data-title='{Labels(lang)('app.chart_fullscreen')}']")  # type: ignore[arg-type]
    inside.locator(".js-plotly-plot").hover()  # the toolbar shows on hover
    button.click()
    inside.wait_for_function(
        f"() => document.fullscreenElement !== null && Math.abs(({SVG_HEIGHT})() - window.innerHeight) < 2"
        f" && Math.abs(({SVG_WIDTH})() - window.innerWidth) < 2",
        timeout=WAIT_MS,
    )
    assert inside.evaluate("window.innerHeight") > shown, "the chart did not grow to the screen"
    inside.locator(".js-plotly-plot").hover()
    button.click()  # the same button brings it back (as does Esc, which headless Chromium has no key for)
    inside.wait_for_function(
        f"() => document.fullscreenElement === null && Math.abs(({SVG_HEIGHT})() - {shown}) < 2"
        f" && Math.abs(({SVG_WIDTH})() - {wide}) < 2",
        timeout=WAIT_MS,
    )


def test_the_full_transactions_export_downloads(page: Any, server: str, lang: str, tmp_path: Path) -> None:
    labels = Labels(lang)  # type: ignore[arg-type]
    open_page(page, server, "overview", lang)
    page.get_by_text(labels("export.heading")).click()
    with page.expect_download(timeout=WAIT_MS) as event:
        page.locator('[data-testid="stSidebar"]').get_by_role(
            "button", name=labels("export.csv")
        ).first.click()
    target = tmp_path / "transactions.csv"
    event.value.save_as(target)
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert event.value.suggested_filename == "dexstat-transactions.csv"
    assert len(rows) == 1 + 11  # the superseded row is not exported


def test_the_language_follows_the_browser_without_a_link(page: Any, server: str, lang: str) -> None:
    page.goto(server)  # no ?lang=: the browser context's locale decides
    title = Labels(lang)("page.overview")  # type: ignore[arg-type]
    page.locator('[data-testid="stMainBlockContainer"] h1').filter(has_text=title).wait_for(timeout=WAIT_MS)
    assert_no_exception(page)

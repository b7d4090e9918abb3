"""Dashboard: server-drawn SVG charts in both languages, mirrored in Arabic, each with a table."""
import re

import pytest
from staffkit import add_consult, add_staff, login

from kiosk.staff import charts


@pytest.mark.parametrize("lang, direction", [("en", "ltr"), ("ar", "rtl")])
def test_dashboard_draws_every_chart_with_a_table(app, client, lang, direction):
    add_staff(app)
    login(client)
    add_consult(app, page_language="en", status="booked")
    add_consult(app, page_language="ar")
    client.get("/ar/faq")
    client.post("/usage", data={"event": "explainer_step", "lang": "ar", "detail": "telogen"})
    response = client.get(f"/staff/dashboard?ui={lang}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert f'dir="{direction}"' in html
    # Six usage charts, the weekly wait and the call outcomes, each with a table; plus waits by branch.
    assert html.count("<svg class=\"chart\"") == 8 and html.count('class="chart-table') == 9
    svgs = re.findall(r"<svg class=\"chart\"[^>]*>", html)
    assert all(re.search(r'aria-label="[^"]+"', svg) for svg in svgs)
    telogen = {"en": "Telogen: the resting phase", "ar": "الراحة"}[lang]
    assert telogen in html
    assert "<script" not in html.split("</head>")[1]


def test_bars_mirror_in_arabic_and_numbers_stay_left_to_right():
    items = [("سارة <b>", 3), ("Two", 1)]
    ltr, rtl = str(charts.bars(items, "t", rtl=False)), str(charts.bars(items, "t", rtl=True))
    first_bar = re.compile(r'<rect class="chart-bar" x="([\d.]+)"[^>]*width="([\d.]+)"')
    x_ltr, width_ltr = map(float, first_bar.search(ltr).groups())
    x_rtl, width_rtl = map(float, first_bar.search(rtl).groups())
    assert width_ltr == width_rtl
    assert x_ltr == pytest.approx(charts.WIDTH - x_rtl - width_rtl), "mirror image"
    assert "سارة &lt;b&gt;" in rtl and "<b>" not in rtl
    assert re.search(r'direction="ltr">3</text>', rtl)


def test_columns_run_right_to_left_in_arabic():
    points = [("1", 1), ("2", 2), ("3", 3)]
    column = re.compile(r'<rect class="chart-bar" x="([\d.]+)"')
    ltr = [float(x) for x in column.findall(str(charts.columns(points, "t", rtl=False)))]
    rtl = [float(x) for x in column.findall(str(charts.columns(points, "t", rtl=True)))]
    assert ltr == sorted(ltr) and rtl == sorted(rtl, reverse=True)


def test_empty_charts_render():
    assert "<svg" in charts.bars([], "t", rtl=True) and "<svg" in charts.columns([], "t", rtl=False)


@pytest.mark.parametrize(("lang", "hours"), [("en", "Saturday–Thursday: 9:00 AM–9:00 PM"),
                                             ("ar", "من السبت إلى الخميس: من 9:00 ص إلى 9:00 م")])
def test_opening_hours_are_shown_in_the_readers_language(app, client, lang, hours):
    add_staff(app)
    login(client)
    html = client.get(f"/staff/dashboard?ui={lang}").get_data(as_text=True)
    assert hours in html and "sat-thu" not in html


@pytest.mark.parametrize(("setting", "shown"), [
    ("thu 21:00-24:00; fri 00:00-02:00", "الخميس: من 9:00 م إلى 12:00 ص؛ الجمعة: من 12:00 ص إلى 2:00 ص"),
    ("sat-thu 10:00-15:00; sat-thu 21:00-24:00",
     "من السبت إلى الخميس: من 10:00 ص إلى 3:00 م، ومن 9:00 م إلى 12:00 ص"),
    ("sat,mon 09:00-12:00", "السبت: من 9:00 ص إلى 12:00 م؛ الاثنين: من 9:00 ص إلى 12:00 م"),
])
def test_every_form_of_opening_hours_reads_as_days_and_times(setting, shown):
    from kiosk.staff.hours_text import described

    assert described(setting, "ar") == shown

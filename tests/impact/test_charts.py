"""The SVG charts: bar lengths in proportion to the amounts, labels, and the data as a table
beneath each chart, drawn on the server with no script."""

from decimal import Decimal

from django.template.loader import render_to_string

from impact import charts

SERIES = {"certified": "Certified providers", "other": "Other providers"}


def _countries():
    return charts.bar_chart(
        key="by-country",
        title="Value by country",
        description="Awarded value by the provider country, in USD.",
        currency="USD",
        rows=[
            ("Kenya", Decimal("100.00")),
            ("Uganda", Decimal("300.00")),
            ("Democratic Republic of the Congo", Decimal("150.00")),
        ],
    )


def test_horizontal_bars_are_sorted_and_in_proportion_to_the_largest():
    chart = _countries()

    assert [(bar.label, bar.length) for bar in chart.bars] == [
        ("Uganda", Decimal("360.0")),
        ("Democratic Republic of the Congo", Decimal("180.0")),
        ("Kenya", Decimal("120.0")),
    ]
    assert [bar.y for bar in chart.bars] == [4, 32, 60]
    assert chart.bars[1].short_label == "Democratic Republic of …"
    assert chart.height == 3 * 28 + 4


def test_nothing_draws_no_bar():
    chart = charts.bar_chart(key="k", title="t", description="d", currency="EUR", rows=[])
    assert chart.bars == []
    zero = charts.bar_chart(
        key="k", title="t", description="d", currency="EUR", rows=[("Kenya", Decimal(0))]
    )
    assert zero.bars[0].length == Decimal("0.0")


def test_monthly_columns_stack_certified_under_other_to_the_months_total():
    chart = charts.stacked_chart(
        key="by-month",
        title="Value by month",
        description="Awarded value each month, in EUR.",
        currency="EUR",
        months=[
            ("Jan 2026", Decimal("300"), Decimal("100")),
            ("Feb 2026", Decimal("0"), Decimal("200")),
            ("Mar 2026", Decimal("50"), Decimal("0")),
        ],
        series_labels=SERIES,
    )

    january, february, march = chart.columns
    assert (january.certified.height, january.other.height) == (Decimal("150.0"), Decimal("50.0"))
    assert (february.certified.height, february.other.height) == (Decimal("0.0"), Decimal("100.0"))
    assert (march.certified.height, march.other.height) == (Decimal("25.0"), Decimal("0.0"))
    # Certified sits on the baseline; the rest sits on top of it.
    assert january.certified.y == chart.baseline - Decimal("150.0")
    assert january.other.y == chart.baseline - Decimal("200.0")
    assert [column.label for column in chart.columns] == ["Jan 2026", "Feb 2026", "Mar 2026"]
    assert january.total == Decimal("400")
    assert january.x < february.x < march.x


def test_a_bar_chart_is_an_accessible_svg_with_its_data_in_a_table():
    html = render_to_string(
        "impact/_bar_chart.html", {"chart": _countries(), "label_heading": "Country"}
    )

    assert 'role="img"' in html
    assert 'aria-labelledby="by-country-title by-country-desc"' in html
    assert '<title id="by-country-title">Value by country</title>' in html
    assert '<desc id="by-country-desc">Awarded value by the provider country' in html
    assert 'width="360.0"' in html
    assert 'width="120.0"' in html
    assert "<script" not in html
    assert "<caption>Value by country: the data</caption>" in html
    assert '<th scope="row">Democratic Republic of the Congo</th>' in html
    assert '<td class="number">300.00 USD</td>' in html


def test_a_stacked_chart_renders_its_legend_columns_and_table():
    chart = charts.stacked_chart(
        key="m",
        title="Value by month",
        description="d",
        currency="USD",
        months=[("Jan 2026", Decimal("10"), Decimal("30"))],
        series_labels=SERIES,
    )

    html = render_to_string("impact/_stacked_chart.html", {"chart": chart})

    assert 'height="50.0" fill="#1f6f43" data-series="certified"' in html
    assert 'height="150.0" fill="#9aa5ad" data-series="other"' in html
    assert "Certified providers" in html
    # Twelve months fit side by side: each month's name over its year.
    assert '<tspan x="320.0" dy="0">Jan</tspan><tspan x="320.0" dy="13">2026</tspan>' in html
    assert '<td class="number" data-label="Total">40.00 USD</td>' in html

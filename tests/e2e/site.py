"""The pages of the dashboard as a visitor meets them: URL path, heading in each language, main content."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    page_id: str
    path: str  # URL path under the server's base, "" for the landing page
    zh: str  # heading (and navigation title) in Chinese
    en: str
    content: str  # CSS selector of the page's main content, visible besides the heading

    def url(self, base: str, query: str = "") -> str:
        return f"{base}/{self.path}" + (f"?{query}" if query else "")


CHART_OR_METRIC = "[data-testid='stPlotlyChart'], [data-testid='stVegaLiteChart'], [data-testid='stMetric']"
KPI_CARD = "article.lusong-kpi"  # the Overview's cards are HTML (dashboard/overview.py)

PAGES: tuple[Page, ...] = (
    Page("overview", "", "总览", "Overview", KPI_CARD),
    Page("trends", "trends", "趋势", "Trends", "[data-testid='stVegaLiteChart']"),
    Page("targets", "targets", "目标追踪", "Targets", CHART_OR_METRIC),
    Page("spatial", "spatial", "空间布局", "Spatial plan", "[data-testid='stVegaLiteChart']"),
    # Text and table views by design (issue 3): their content is the highlighted text, the tables.
    Page("sources", "sources", "原文", "Sources", "[data-testid='stMain'] mark"),
    Page("data", "data", "数据", "Data", "[data-testid='stDataFrame']"),
)
BY_ID = {p.page_id: p for p in PAGES}
DEEP = tuple(p for p in PAGES if p.path)  # pages reached by a path of their own

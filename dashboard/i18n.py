"""Interface labels in Chinese and English, and the catalog's names for codes the database stores bare.

Sector, zone, unit and indicator names come from the database (name_zh / name_en); kinds, measures and
qualifiers are only named in etl/catalog.yaml, which is read once, on first use.
"""

from __future__ import annotations

from functools import cache

from etl.catalog import load_catalog

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_LABELS: dict[str, str] = {"zh": "中文", "en": "English"}

TEXT: dict[str, tuple[str, str]] = {
    "app.title": ("芦淞发展看板", "Lusong Development Dashboard"),
    "page.overview": ("总览", "Overview"),
    "page.trends": ("趋势", "Trends"),
    "page.targets": ("目标追踪", "Targets"),
    "page.spatial": ("空间布局", "Spatial plan"),
    "page.sources": ("原文", "Sources"),
    "page.data": ("数据", "Data"),
    "filter.heading": ("筛选", "Filters"),
    "filter.sector": ("领域", "Sector"),
    "filter.sector.help": (
        "可选多个领域；不选即全部。",
        "Choose one or more; none selected means all sectors.",
    ),
    "filter.year": ("报告年份", "Report year"),
    "filter.year.all": ("全部报告", "All reports"),
    "filter.year.option": ("{year}年", "{year}"),
    "filter.kind": ("类型", "Kind"),
    "filter.kind.help": (
        "实绩、年度目标或规划目标；不选即全部。总览的指标卡始终比较实绩与目标。",
        "Actual figures, annual targets or multi-year plans; none selected means all. "
        "The overview's KPI cards always compare actuals with targets.",
    ),
    "filter.lang": ("语言", "Language"),
    "filter.share": (
        "筛选条件保存在网址中，复制地址栏即可分享当前视图。",
        "The filters live in the URL: copy the address bar to share this view.",
    ),
    "notice.bad_param": (
        "网址参数 {param} 的值 “{value}” 无法识别，已忽略。",
        "URL parameter {param}: the value “{value}” is not recognised and was ignored.",
    ),
    "notice.bad_params": (
        "网址参数 {param} 的 {n} 个值无法识别，已忽略：{values}",
        "URL parameter {param}: {n} values are not recognised and were ignored: {values}",
    ),
    "notice.list_sep": ("、", ", "),
    "db.missing": (
        "找不到数据库文件 {path}。请先运行 `python -m etl build` 构建数据库。",
        "The database file {path} is missing. Build it first with `python -m etl build`.",
    ),
    "db.broken": (
        "无法读取数据库文件 {path}：{error}",
        "The database file {path} cannot be read: {error}",
    ),
    "empty": ("当前筛选条件下没有数据。", "No data for the current filters."),
    "source.link": ("查看原文", "Open the passage"),
    "source.document": ("出处", "Source"),
    "overview.caption": (
        "截至{report}年各报告的核心指标：最新实绩与目标对比。每张卡片的 ⓘ 中有原句和出处。",
        "Headline indicators as of the {report} reports: the latest actuals against targets. "
        "The ⓘ on each card holds the source sentence and document.",
    ),
    "overview.no_kpi": (
        "所选领域没有核心指标；清空领域筛选可看到全部核心指标。",
        "The selected sectors have no headline indicators; clear the sector filter to see them all.",
    ),
    "overview.by_sector": ("各领域数据条数", "Facts per sector"),
    "overview.commitments": (
        "{report}年报告的主要目标与承诺",
        "Key targets and commitments of the {report} report",
    ),
    "overview.more_commitments": (
        "前{shown}项；全部目标与规划见“目标追踪”",
        "The first {shown}; every target and plan is on the Targets page",
    ),
    "kpi.no_actual": ("暂无实绩", "No actual yet"),
    "kpi.quotes": ("原句与出处", "Sentences and sources"),
    "kpi.delta.target": ("较{period}目标 {diff}", "vs {period} target {diff}"),
    "kpi.target_of": ("{period}目标", "{period} target"),
    "kpi.delta.previous": ("较{period} {diff}", "vs {period} {diff}"),
    "trends.series": ("指标", "Indicator"),
    "trends.actual_vs_target": ("实绩与目标（按年份）", "Actual vs target by year"),
    "trends.spans": ("多年期数据", "Multi-year figures"),
    "trends.spans.caption": (
        "横线覆盖数据所指的整个时期（如“十三五”年均增速），不代表逐年数值。",
        "Each bar covers the whole period a figure refers to (e.g. an average over five years); "
        "it is not a year-by-year value.",
    ),
    "trends.clusters": ("产业集群目标与最新已知规模", "Industry-cluster goals vs latest known level"),
    "trends.clusters.caption": (
        "目标为规划期末规模；服饰目标为全市口径。没有实绩的集群标注“暂无已知规模”。",
        "Goals are sizes for the end of the plan period; the apparel goal is city-wide. "
        "Clusters without a reported level say so.",
    ),
    "trends.no_level": ("暂无已知规模", "no level reported yet"),
    "trends.sparse": (
        "数据稀疏：图中只画出报告中出现的年份，不做插值连线。点击一个点可查看原文。",
        "The data are sparse: only the years the reports mention are drawn, with no interpolated lines. "
        "Click a point to see its passage.",
    ),
    "trends.selected": ("所选数据点", "Selected point"),
    "targets.caption": (
        "每一项年度目标和规划目标，状态根据同一指标、同一口径的后续实绩判断。",
        "Every annual target and multi-year plan, with a status judged from later actual figures "
        "of the same indicator and measure.",
    ),
    "targets.status": ("状态", "Status"),
    "targets.search": ("搜索目标", "Search targets"),
    "status.met": ("已完成", "Met"),
    "status.missed": ("未完成", "Missed"),
    "status.in_progress": ("进行中", "In progress"),
    "status.no_data": ("暂无数据", "No data yet"),
    "spatial.caption": (
        "“四城一中心”空间布局。区界为真实行政边界（WGS-84）；五个片区没有官方边界，位置均为示意性参考点。",
        "The “four cities, one centre” spatial plan. The district boundary is real (WGS-84); the five "
        "zones have no official outline, so every zone position is a schematic reference point.",
    ),
    "spatial.caption.partial": (
        "“四城一中心”空间布局。区界为真实行政边界（WGS-84）；有官方边界的片区画出轮廓，其余片区（{zones}）"
        "的位置为示意性参考点。",
        "The “four cities, one centre” spatial plan. The district boundary is real (WGS-84); zones with an "
        "official outline are drawn as such, the others ({zones}) are schematic reference points.",
    ),
    "spatial.schematic": ("示意位置：{anchor}", "Schematic position: {anchor}"),
    "spatial.shared_anchor": (
        "与{other}共用同一参考点，已略作错位以便点击。",
        "Shares its reference point with {other}; offset slightly so both can be clicked.",
    ),
    "spatial.basemap": ("底图", "Base map"),
    "spatial.basemap.blank": ("空白（离线可用）", "Blank (works offline)"),
    "spatial.basemap.osm": ("OpenStreetMap（需联网）", "OpenStreetMap (needs internet)"),
    "spatial.zone": ("片区", "Zone"),
    "spatial.zone.none": ("点击地图上的片区，或在此选择", "Click a zone on the map, or pick one here"),
    "spatial.boundary": ("芦淞区界", "Lusong District boundary"),
    "spatial.facts": ("片区数据", "Facts in this zone"),
    "spatial.entities": ("片区项目与地点", "Projects and places in this zone"),
    "spatial.no_sector": ("未归类", "Unclassified"),
    "sources.document": ("文档", "Document"),
    "sources.search": ("搜索原文", "Search the text"),
    "sources.matches": ("找到 {n} 处", "{n} matches"),
    "sources.more": ("另有 {n} 篇文档", "{n} more documents"),
    "sources.no_text": (
        "该来源只有引用信息，没有全文：{url}",
        "This source is cited without its full text: {url}",
    ),
    "sources.fact": ("链接指向的数据", "The linked figure"),
    "sources.n_figures": ("本文抽取的数字", "Figures extracted from it"),
    "sources.n_marked": ("按筛选高亮", "Highlighted by the filters"),
    "sources.n_matches": ("搜索命中", "Search matches"),
    "sources.other_region": (
        "本文档关于{region}，不是芦淞区：其数据只在此处显示，不计入总览、趋势、目标、地图和数据页。",
        "This document is about {region}, not Lusong District: its figures are shown here only, not in the "
        "overview, trends, targets, map or data pages.",
    ),
    "data.facts": ("数据", "Facts"),
    "data.entities": ("项目、地点与实体", "Projects, places and entities"),
    "data.n_facts": ("数据条数", "Facts"),
    "data.n_indicators": ("指标", "Indicators"),
    "data.n_documents": ("来源文档", "Source documents"),
    "data.n_entities": ("项目与实体", "Entities"),
    "data.download_csv": ("下载 CSV", "Download CSV"),
    "data.download_parquet": ("下载 Parquet", "Download Parquet"),
    "table.showing": ("显示前 {n} 条，共 {total} 条", "Showing {n} of {total}"),
    "data.showing": (
        "显示前 {n} 条，共 {total} 条；下载包含全部数据",
        "Showing {n} of {total}; the downloads hold all",
    ),
    "col.indicator": ("指标", "Indicator"),
    "col.sector": ("领域", "Sector"),
    "col.value": ("数值", "Value"),
    "col.value_text": ("原文写法", "As written"),
    "col.kind": ("类型", "Kind"),
    "col.measure": ("口径", "Measure"),
    "col.period": ("时期", "Period"),
    "col.quote": ("原句", "Quote"),
    "col.document": ("文档", "Document"),
    "col.status": ("状态", "Status"),
    "col.latest_actual": ("最新实绩", "Latest actual"),
    "col.count": ("条数", "Facts"),
    "col.name": ("名称", "Name"),
    "col.type": ("类别", "Type"),
    "col.year": ("年份", "Year"),
    "col.goal": ("目标", "Goal"),
    "col.level": ("最新已知规模", "Latest known level"),
    "col.entity_status": ("进展", "Progress"),
    "col.mentions": ("提及次数", "Mentions"),
    "spatial.progress": ("占目标比例", "Share of the goal"),
    "etype.project": ("项目", "project"),
    "etype.place": ("地点", "place"),
    "etype.enterprise": ("企业", "enterprise"),
    "etype.event": ("活动", "event"),
    "etype.programme": ("计划/行动", "programme"),
    "etype.brand": ("品牌", "brand"),
    "etype.award": ("荣誉", "award"),
    "etype.institution": ("机构", "institution"),
    "estatus.planned": ("规划中", "planned"),
    "estatus.started": ("已开工", "started"),
    "estatus.completed": ("已竣工", "completed"),
    "estatus.in_production": ("已投产", "in production"),
    "estatus.opened": ("已开业", "opened"),
    "estatus.in_operation": ("已运营", "in operation"),
    "estatus.awarded": ("已获评", "awarded"),
}


def label(prefix: str, code: object, lang: str) -> str:
    """The label of a code stored bare (entity type or status); the code itself when unknown."""
    if not isinstance(code, str) or not code:
        return ""
    key = f"{prefix}.{code}"
    return t(key, lang) if key in TEXT else code


def t(key: str, lang: str, **values: object) -> str:
    """The label `key` in `lang`, with `{placeholders}` filled from `values`."""
    zh, en = TEXT[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def suffix(lang: str) -> str:
    """The suffix of the database's name columns in `lang`: name_zh / name_en."""
    return "en" if lang == "en" else "zh"


@cache
def _catalog_names() -> dict[str, dict[str, tuple[str, str]]]:
    catalog = load_catalog()
    return {
        group: {item.id: (item.zh, item.en) for item in getattr(catalog, group)}
        for group in ("kinds", "measures", "qualifiers")
    }


def code_name(group: str, code: str | None, lang: str) -> str:
    """The catalog name of a kind, measure or qualifier code; the code itself when unknown."""
    if code is None:
        return ""
    names = _catalog_names()[group].get(code)
    if names is None:
        return code
    return names[1] if lang == "en" else names[0]


def codes(group: str) -> tuple[str, ...]:
    """The codes of a catalog group in catalog order (kinds: actual, target, plan)."""
    return tuple(_catalog_names()[group])


@cache
def headline_indicators() -> tuple[str, ...]:
    """Ids of the indicators marked `headline: true` in the catalog, in catalog order."""
    return tuple(ind.id for ind in load_catalog().indicators if ind.headline)

-- The database contract of data/lusong.duckdb. The dashboard and `python -m etl check` rely on it.
-- Codes used in the text columns are listed in etl/catalog.yaml (sectors, zones, units, measures, kinds,
-- entity types and statuses).

CREATE TABLE documents (
    doc_id        VARCHAR PRIMARY KEY,  -- file stem for texts (e.g. 000_596955ab977b3f6e); sup_<hash> for cited sources
    source_file   VARCHAR,              -- file name as in the manifest; supplementary_facts.csv for cited sources
    source_type   VARCHAR NOT NULL,     -- news_report | work_report | bulletin | conference_report | cited_source ...
    title         VARCHAR NOT NULL,
    publisher     VARCHAR,
    meeting       VARCHAR,
    meeting_date  DATE,
    report_year   INTEGER,              -- the year the report plans for (2024 report reviews 2023, plans 2024)
    region        VARCHAR NOT NULL,     -- the place the document is about; 芦淞区 unless stated
    url           VARCHAR,
    sha256        VARCHAR,              -- of the file's bytes; NULL for cited sources without text
    text          VARCHAR               -- the decoded text exactly (line endings normalised); NULL for cited sources
);

CREATE TABLE sectors (
    sector_id VARCHAR PRIMARY KEY,
    name_zh   VARCHAR NOT NULL,
    name_en   VARCHAR NOT NULL
);

CREATE TABLE zones (
    zone_id          VARCHAR PRIMARY KEY,
    name_zh          VARCHAR NOT NULL,
    name_en          VARCHAR NOT NULL,
    description_zh   VARCHAR NOT NULL,
    description_en   VARCHAR NOT NULL,
    lat              DOUBLE,            -- WGS-84 anchor point
    lon              DOUBLE,
    anchor_zh        VARCHAR,           -- what the anchor point is (e.g. 白关镇参考点) and how sure it is
    anchor_en        VARCHAR,
    geometry_geojson VARCHAR,           -- a GeoJSON geometry in WGS-84, NULL when no outline is known
    is_schematic     BOOLEAN NOT NULL   -- TRUE when no official outline exists and the position is a proxy
);

CREATE TABLE boundaries (
    boundary_id      VARCHAR PRIMARY KEY,  -- lusong_district
    name_zh          VARCHAR NOT NULL,
    name_en          VARCHAR NOT NULL,
    geometry_geojson VARCHAR NOT NULL,     -- WGS-84
    source           VARCHAR NOT NULL
);

CREATE TABLE units (
    unit_id VARCHAR PRIMARY KEY,           -- yuan, percent, pct_point, household, enterprise, ...
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL
);

CREATE TABLE indicators (
    indicator_id VARCHAR PRIMARY KEY,
    name_zh      VARCHAR NOT NULL,
    name_en      VARCHAR NOT NULL,
    unit         VARCHAR,                  -- unit of its level; growth facts carry unit percent
    sector_id    VARCHAR NOT NULL REFERENCES sectors (sector_id),
    is_generated BOOLEAN NOT NULL DEFAULT FALSE  -- TRUE when not in the catalog (id generated from the text)
);

CREATE TABLE facts (
    fact_id      VARCHAR PRIMARY KEY,      -- stable: a hash of doc, offsets, indicator and measure
    doc_id       VARCHAR NOT NULL REFERENCES documents (doc_id),
    indicator_id VARCHAR NOT NULL REFERENCES indicators (indicator_id),
    sector_id    VARCHAR NOT NULL REFERENCES sectors (sector_id),
    zone_id      VARCHAR REFERENCES zones (zone_id),
    value        DOUBLE NOT NULL,          -- in base units: 8万户 -> 80000, 31.4亿元 -> 3140000000, 5.4% -> 5.4
    unit         VARCHAR NOT NULL REFERENCES units (unit_id),
    value_text   VARCHAR NOT NULL,         -- the figure as written, e.g. 突破8万户
    qualifier    VARCHAR,                  -- about | at_least | over | within | nearly | more_than (左右/以上/突破/以内/近/余)
    kind         VARCHAR NOT NULL,         -- actual | target | plan
    measure      VARCHAR NOT NULL,         -- level | count | growth_pct | change_pp | share_pct | rank | ratio
    period_start INTEGER NOT NULL,
    period_end   INTEGER NOT NULL,
    char_start   INTEGER,                  -- documents.text[char_start:char_end] contains the figure; NULL for cited sources
    char_end     INTEGER,
    quote        VARCHAR NOT NULL          -- the sentence, cleaned for display; for cited sources the figure as cited
);

CREATE TABLE entities (
    entity_id  VARCHAR PRIMARY KEY,
    doc_id     VARCHAR NOT NULL REFERENCES documents (doc_id),
    name_zh    VARCHAR NOT NULL,
    type       VARCHAR NOT NULL,           -- project | place | enterprise | event | programme | brand | award | institution
    sector_id  VARCHAR REFERENCES sectors (sector_id),
    zone_id    VARCHAR REFERENCES zones (zone_id),
    status     VARCHAR,                    -- planned | started | completed | in_production | opened | in_operation | awarded
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    quote      VARCHAR NOT NULL
);

-- Derived by the ETL (etl/series.sql; `etl check` recomputes it): every indicator, measure and unit the facts
-- have, numbered in that order, with its indicator's names.
CREATE TABLE series (
    series_key   INTEGER PRIMARY KEY,
    indicator_id VARCHAR NOT NULL,
    measure      VARCHAR NOT NULL,
    unit         VARCHAR NOT NULL,
    indicator_zh VARCHAR NOT NULL,         -- its indicator's names and is_generated
    indicator_en VARCHAR NOT NULL,
    is_generated BOOLEAN NOT NULL
);

-- Derived by the ETL (etl/fact_details.sql, entity_details.sql; `etl check` recomputes them): every fact and
-- entity with its document's, indicator's and sector's fields, so a dashboard query reads one table instead of
-- joining four. Copies: no keys of their own (the facts' and entities' keys hold for them).
CREATE TABLE fact_details (
    fact_id      VARCHAR NOT NULL,         -- fact_id ... quote: as in facts
    doc_id       VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    sector_id    VARCHAR NOT NULL,
    zone_id      VARCHAR,
    value        DOUBLE NOT NULL,
    unit         VARCHAR NOT NULL,
    value_text   VARCHAR NOT NULL,
    qualifier    VARCHAR,
    kind         VARCHAR NOT NULL,
    measure      VARCHAR NOT NULL,
    period_start INTEGER NOT NULL,
    period_end   INTEGER NOT NULL,
    char_start   INTEGER,
    char_end     INTEGER,
    quote        VARCHAR NOT NULL,
    region       VARCHAR NOT NULL,         -- region ... url: its document's (title as doc_title)
    report_year  INTEGER,
    doc_title    VARCHAR NOT NULL,
    publisher    VARCHAR,
    meeting_date DATE,
    url          VARCHAR,
    has_text     BOOLEAN NOT NULL,         -- its document has its text (documents.text IS NOT NULL)
    indicator_zh VARCHAR NOT NULL,         -- its indicator's names and is_generated
    indicator_en VARCHAR NOT NULL,
    is_generated BOOLEAN NOT NULL,
    sector_zh    VARCHAR NOT NULL,         -- its sector's names
    sector_en    VARCHAR NOT NULL,
    series_key   INTEGER NOT NULL          -- its indicator's, measure's and unit's number in series
);

CREATE TABLE entity_details (
    entity_id  VARCHAR NOT NULL,           -- entity_id ... quote: as in entities
    doc_id     VARCHAR NOT NULL,
    name_zh    VARCHAR NOT NULL,
    type       VARCHAR NOT NULL,
    sector_id  VARCHAR,
    zone_id    VARCHAR,
    status     VARCHAR,
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    quote      VARCHAR NOT NULL,
    region     VARCHAR NOT NULL,           -- its document's region, report year and title
    report_year INTEGER,
    doc_title  VARCHAR NOT NULL,
    sector_zh  VARCHAR,                    -- its sector's names, NULL without a sector
    sector_en  VARCHAR
);

-- Derived by the ETL from fact_details (etl/goal_status.sql, which says how a goal is judged): one row per
-- target and plan, its fact's columns and names (a copy: the Targets page reads no other table) and its status.
-- `etl check` recomputes it.
CREATE TABLE goal_status (
    fact_id          VARCHAR PRIMARY KEY,  -- a fact of kind target or plan
    list_order       INTEGER NOT NULL,     -- the Targets page's order: latest period end, sector, indicator, id
    region           VARCHAR NOT NULL,     -- its document's (documents.region, report_year)
    report_year      INTEGER,
    doc_id           VARCHAR NOT NULL,     -- doc_id ... quote: as in facts
    indicator_id     VARCHAR NOT NULL,
    sector_id        VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,
    measure          VARCHAR NOT NULL,
    value            DOUBLE NOT NULL,
    unit             VARCHAR NOT NULL,
    qualifier        VARCHAR,
    value_text       VARCHAR NOT NULL,
    period_start     INTEGER NOT NULL,
    period_end       INTEGER NOT NULL,
    quote            VARCHAR NOT NULL,
    doc_title        VARCHAR NOT NULL,     -- doc_title ... sector_en: as in fact_details
    indicator_zh     VARCHAR NOT NULL,
    indicator_en     VARCHAR NOT NULL,
    sector_zh        VARCHAR NOT NULL,
    sector_en        VARCHAR NOT NULL,
    final_value      DOUBLE,               -- the actual for the goal's final year (same region, indicator,
    final_fact_id    VARCHAR,              -- measure, unit), NULL when none
    latest_value     DOUBLE,               -- the latest actual, when it is of a year the goal's period reaches
    latest_qualifier VARCHAR,
    latest_year      INTEGER,
    status           VARCHAR NOT NULL      -- met | missed | in_progress | no_data
);

-- Derived by the ETL (etl/text_bigrams.sql; `etl check` recomputes it): the bigram index of the texts, which
-- the document search reads instead of every text.
CREATE TABLE text_bigrams (
    bigram  VARCHAR NOT NULL,              -- two adjacent characters of the lower-cased text
    doc_row INTEGER NOT NULL,              -- the document's rowid in documents
    n       INTEGER NOT NULL               -- how often the pair occurs in that text
);

CREATE TABLE etl_runs (
    run_id        VARCHAR PRIMARY KEY,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP NOT NULL,
    n_documents   INTEGER NOT NULL,
    n_facts       INTEGER NOT NULL,
    n_entities    INTEGER NOT NULL,
    input_sha256  VARCHAR NOT NULL,
    code_version  VARCHAR NOT NULL
);

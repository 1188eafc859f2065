-- Grove schema: admission control and spend budgets.

-- Each turn's own cost (Claude's total_cost_usd is a running total per process; the runtime
-- stores the difference). Micro-dollars, so sums are exact. Workspace and project ids are copied,
-- not referenced: deleting a tab or a workspace does not take back what was spent.
CREATE TABLE turn_costs (
    id              INTEGER NOT NULL PRIMARY KEY,
    tab_id          TEXT    NOT NULL,
    workspace_id    TEXT    NOT NULL,
    project_id      TEXT    NOT NULL,
    cost_micros     INTEGER NOT NULL CHECK (cost_micros >= 0),
    created_at      TEXT    NOT NULL,
    session_id      TEXT,
    total_micros    INTEGER
);

-- Covering indexes: a budget's sum reads only the index.
CREATE INDEX turn_costs_workspace ON turn_costs (workspace_id, created_at, cost_micros);
CREATE INDEX turn_costs_project ON turn_costs (project_id, created_at, cost_micros);
CREATE INDEX turn_costs_time ON turn_costs (created_at, cost_micros);
CREATE INDEX turn_costs_tab ON turn_costs (tab_id, id);

-- Turns recorded before this version: the stored cost was the session's running total, so a
-- turn's cost is the rise from the session's previous result (a fall means the count began again).
INSERT INTO turn_costs (tab_id, workspace_id, project_id, cost_micros, created_at, session_id, total_micros)
SELECT tab_id, workspace_id, project_id,
       CAST(ROUND(CASE WHEN previous IS NULL OR total < previous THEN total ELSE total - previous END * 1000000) AS INTEGER),
       created_at, session_id, CAST(ROUND(total * 1000000) AS INTEGER)
FROM (
    SELECT e.tab_id, t.workspace_id, w.project_id, e.created_at,
           json_extract(e.payload, '$.session_id') AS session_id,
           json_extract(e.payload, '$.cost_usd') AS total,
           LAG(json_extract(e.payload, '$.cost_usd')) OVER (
               PARTITION BY e.tab_id, json_extract(e.payload, '$.session_id') ORDER BY e.seq) AS previous
    FROM transcript_events e
    JOIN agent_tabs t ON t.id = e.tab_id
    JOIN workspaces w ON w.id = t.workspace_id
    WHERE e.kind = 'result' AND json_extract(e.payload, '$.cost_usd') IS NOT NULL
)
WHERE total >= 0;

-- Spend budgets in USD: per workspace, per project (target_id) or per local day (target_id '').
-- warned_period: the period whose 80% notice was given ('all' or the local day), so it is given once.
CREATE TABLE budgets (
    scope           TEXT    NOT NULL CHECK (scope IN ('workspace', 'project', 'daily')),
    target_id       TEXT    NOT NULL DEFAULT '',
    limit_micros    INTEGER NOT NULL CHECK (limit_micros > 0),
    warned_period   TEXT,
    updated_at      TEXT    NOT NULL,
    PRIMARY KEY (scope, target_id)
);

-- Messages waiting to start (behind a running turn, or for a free slot): kept across a restart.
CREATE TABLE waiting_turns (
    seq             INTEGER NOT NULL PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    tab_id          TEXT    NOT NULL REFERENCES agent_tabs (id) ON DELETE CASCADE,
    text            TEXT    NOT NULL,
    images          TEXT,
    created_at      TEXT    NOT NULL
);

CREATE INDEX waiting_turns_tab ON waiting_turns (tab_id, seq);

-- While a tab's next message waits for a free agent slot: since when (the queue's order, kept across a restart).
ALTER TABLE agent_tabs ADD COLUMN waiting_since TEXT;

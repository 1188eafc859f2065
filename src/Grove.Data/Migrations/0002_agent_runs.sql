-- Grove schema, version 2: what the agent runtime needs.
-- A tab's run status survives a restart (running tabs are marked interrupted at start-up),
-- its opt-in permission mode is per tab, and "allow always" answers become rules.

ALTER TABLE agent_tabs ADD COLUMN status TEXT NOT NULL DEFAULT 'idle'
    CHECK (status IN ('idle', 'running', 'needs_input', 'interrupted', 'error'));
ALTER TABLE agent_tabs ADD COLUMN permission_mode TEXT NOT NULL DEFAULT 'ask'
    CHECK (permission_mode IN ('ask', 'accept_edits', 'bypass'));
ALTER TABLE agent_tabs ADD COLUMN last_error TEXT;

-- Saved "allow always" / "deny always" answers. A rule belongs to a project (every workspace of
-- it) or to one workspace; rule_content narrows it (a Bash command prefix, a path), NULL = any use.
CREATE TABLE permission_rules (
    id              INTEGER NOT NULL PRIMARY KEY,
    project_id      TEXT    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    workspace_id    TEXT    REFERENCES workspaces (id) ON DELETE CASCADE,
    tool_name       TEXT    NOT NULL,
    rule_content    TEXT,
    behavior        TEXT    NOT NULL CHECK (behavior IN ('allow', 'deny')),
    created_at      TEXT    NOT NULL
);

CREATE INDEX permission_rules_scope ON permission_rules (project_id, workspace_id, tool_name);

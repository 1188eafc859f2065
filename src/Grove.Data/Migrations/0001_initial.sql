-- Grove schema, version 1.
-- Timestamps are ISO-8601 UTC text with 7 fractional digits ("2026-01-02T03:04:05.1234567Z"),
-- so they sort as text and round-trip a DateTimeOffset exactly. Enums are lowercase text.

CREATE TABLE projects (
    id              TEXT    NOT NULL PRIMARY KEY,
    name            TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    path            TEXT    NOT NULL UNIQUE,
    is_git_repo     INTEGER NOT NULL DEFAULT 0 CHECK (is_git_repo IN (0, 1)),
    git_remote_url  TEXT,
    provider        TEXT    CHECK (provider IN ('github', 'gitlab', 'bitbucket', 'other')),
    owner           TEXT,
    repo            TEXT,
    default_branch  TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);

CREATE TABLE workspaces (
    id              TEXT    NOT NULL PRIMARY KEY,
    project_id      TEXT    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL COLLATE NOCASE,
    mode            TEXT    NOT NULL CHECK (mode IN ('local', 'worktree')),
    worktree_path   TEXT    NOT NULL,
    branch          TEXT,
    base_branch     TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    archived_at     TEXT,
    pr_url          TEXT,
    pr_number       INTEGER,
    pr_state        TEXT,
    UNIQUE (project_id, name)
);

CREATE TABLE agent_tabs (
    id              TEXT    NOT NULL PRIMARY KEY,
    workspace_id    TEXT    NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    agent_kind      TEXT    NOT NULL,
    session_id      TEXT,
    mode            TEXT    NOT NULL CHECK (mode IN ('plan', 'agent')),
    model           TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);

CREATE INDEX agent_tabs_workspace ON agent_tabs (workspace_id, created_at);

-- Append-only: one row per event. "id" is a stable integer key for the FTS index (an implicit
-- rowid could be renumbered by VACUUM); (tab_id, seq) is the natural key and the hot-path index.
CREATE TABLE transcript_events (
    id              INTEGER NOT NULL PRIMARY KEY,
    tab_id          TEXT    NOT NULL REFERENCES agent_tabs (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL CHECK (seq > 0),
    kind            TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    text            TEXT,
    created_at      TEXT    NOT NULL,
    UNIQUE (tab_id, seq)
);

CREATE TRIGGER transcript_events_no_update BEFORE UPDATE ON transcript_events
BEGIN
    SELECT RAISE(ABORT, 'transcript events are append-only');
END;

CREATE VIRTUAL TABLE transcript_fts USING fts5 (
    text,
    content = 'transcript_events',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER transcript_events_fts_insert AFTER INSERT ON transcript_events
WHEN new.text IS NOT NULL
BEGIN
    INSERT INTO transcript_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER transcript_events_fts_delete AFTER DELETE ON transcript_events
WHEN old.text IS NOT NULL
BEGIN
    INSERT INTO transcript_fts (transcript_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TABLE credentials (
    name            TEXT    NOT NULL PRIMARY KEY,
    ciphertext      TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);

CREATE TABLE settings (
    key             TEXT    NOT NULL PRIMARY KEY,
    value           TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);

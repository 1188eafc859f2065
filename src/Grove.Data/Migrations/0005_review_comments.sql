-- Grove schema, version 5: comments a person writes on lines of a workspace's diff, waiting to be
-- sent to the agent with the next message (sent_at NULL) or kept after they were sent.

CREATE TABLE review_comments (
    id           TEXT    NOT NULL PRIMARY KEY,
    workspace_id TEXT    NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    path         TEXT    NOT NULL CHECK (length(path) > 0),
    start_line   INTEGER NOT NULL CHECK (start_line >= 1),
    end_line     INTEGER NOT NULL CHECK (end_line >= start_line),
    side         TEXT    NOT NULL CHECK (side IN ('new', 'old')),
    quoted_code  TEXT    NOT NULL,
    body         TEXT    NOT NULL CHECK (length(body) > 0),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    sent_at      TEXT
);

CREATE INDEX review_comments_by_workspace ON review_comments (workspace_id, sent_at, created_at);

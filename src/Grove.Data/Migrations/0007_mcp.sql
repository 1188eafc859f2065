-- Grove schema, version 7: MCP servers. (Versions 5 and 6 belong to other features.)

-- Enable / disable switches for a server name, per project (workspace_id = '') or per workspace
-- (which wins over the project's). No row = enabled.
CREATE TABLE mcp_server_switches (
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL DEFAULT '',
    server_name  TEXT NOT NULL,
    enabled      INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (project_id, workspace_id, server_name)
);

-- The user's approval of a project's .mcp.json: the hash of the server definitions approved.
-- Servers from .mcp.json start only while the file's current definitions hash to this value.
CREATE TABLE mcp_trust (
    project_id   TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    servers_hash TEXT NOT NULL,
    server_names TEXT NOT NULL,
    approved_at  TEXT NOT NULL
);

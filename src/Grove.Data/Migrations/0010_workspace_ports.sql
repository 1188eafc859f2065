-- Grove schema, version 10: each workspace's own range of ports (GROVE_PORT .. GROVE_PORT + 9),
-- allocated once and kept until the workspace is archived or deleted. first_port is unique, so two
-- workspaces can never be handed the same range.

CREATE TABLE workspace_ports (
    workspace_id    TEXT    NOT NULL PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    first_port      INTEGER NOT NULL UNIQUE,
    port_count      INTEGER NOT NULL,
    allocated_at    TEXT    NOT NULL
);

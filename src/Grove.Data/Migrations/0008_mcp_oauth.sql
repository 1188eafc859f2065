-- Grove schema, version 8: OAuth sign-ins to HTTP MCP servers, one row per server URL (normalized).
-- Everything secret (access and refresh tokens, the client registration) is one encrypted JSON
-- document in `ciphertext`; the state and expiry stay readable so a status list decrypts nothing.

CREATE TABLE mcp_oauth (
    server_url      TEXT    NOT NULL PRIMARY KEY,
    state           TEXT    NOT NULL CHECK (state IN ('signed_in', 'needs_sign_in')),
    expires_at      TEXT,
    scopes          TEXT,
    ciphertext      TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);

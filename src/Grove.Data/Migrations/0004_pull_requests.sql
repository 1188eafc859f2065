-- Grove schema, version 4: what GitHub pull requests need on a workspace (pr_url, pr_number and
-- pr_state are in version 1). The head commit GitHub last reported and when Grove last asked.
-- (Version 3 belongs to the agent runtime.)

ALTER TABLE workspaces ADD COLUMN pr_head_sha TEXT;
ALTER TABLE workspaces ADD COLUMN pr_checked_at TEXT;

-- Grove schema, version 11: idle agents parked.

-- When Grove stopped a tab's idle agent process (setting agents.idle_minutes); NULL while its
-- process runs or it never was parked. The next message resumes the same session.
ALTER TABLE agent_tabs ADD COLUMN parked_at TEXT;

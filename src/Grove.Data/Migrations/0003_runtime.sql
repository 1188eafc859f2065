-- Grove schema, version 3: agent runtime fixes.

-- Streaming checkpoints: keep at most one per block, and none once the block's final text landed.
-- Older versions stored the whole text so far every 250 ms; drop every checkpoint that a later one
-- of the same block, or the final text/thinking of its message, supersedes.
DELETE FROM transcript_events
WHERE kind = 'partial' AND EXISTS (
    SELECT 1 FROM transcript_events later
    WHERE later.tab_id = transcript_events.tab_id
      AND later.seq > transcript_events.seq
      AND later.kind IN ('partial', 'text', 'thinking')
      AND json_extract(later.payload, '$.message_id') IS json_extract(transcript_events.payload, '$.message_id')
      AND ((later.kind = 'partial'
            AND json_extract(later.payload, '$.index') IS json_extract(transcript_events.payload, '$.index')
            AND json_extract(later.payload, '$.delta_kind') IS json_extract(transcript_events.payload, '$.delta_kind'))
        OR later.kind = json_extract(transcript_events.payload, '$.delta_kind')));

-- A cap on the agentic steps (API round trips) of one turn; NULL = Claude's default (no cap).
ALTER TABLE agent_tabs ADD COLUMN max_turns INTEGER CHECK (max_turns IS NULL OR max_turns > 0);

-- The Grove process running a tab's agent ("pid:start-ticks") while it is running or waiting;
-- start-up marks a running tab interrupted only when that process is gone.
ALTER TABLE agent_tabs ADD COLUMN run_owner TEXT;

-- Grove schema: the search index is kept off the append path.

-- Until now every append also wrote transcript_fts (a trigger, ~60% of a row's cost). The index is
-- now brought up to date in batches (TranscriptIndexer) and before every search: rows with
-- id <= indexed_upto are in transcript_fts, rows above it are not yet. A crash loses nothing: the
-- rows are in transcript_events and the next start or search indexes them.
DROP TRIGGER transcript_events_fts_insert;

CREATE TABLE transcript_fts_state (
    id              INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    indexed_upto    INTEGER NOT NULL
);

-- Every existing row was indexed by the old trigger.
INSERT INTO transcript_fts_state (id, indexed_upto) SELECT 1, COALESCE(MAX(id), 0) FROM transcript_events;

-- A row leaves the index only if it is in it (an external-content 'delete' of text that was never
-- indexed would corrupt the index). Ids are rowids (no AUTOINCREMENT): once the highest rows are
-- deleted, the next insert reuses max(id) + 1, so the mark comes down to the highest id left and a
-- new row is always above it.
DROP TRIGGER transcript_events_fts_delete;

CREATE TRIGGER transcript_events_fts_delete AFTER DELETE ON transcript_events
BEGIN
    INSERT INTO transcript_fts (transcript_fts, rowid, text)
        SELECT 'delete', old.id, old.text
        WHERE old.text IS NOT NULL AND old.id <= (SELECT indexed_upto FROM transcript_fts_state WHERE id = 1);
    UPDATE transcript_fts_state SET indexed_upto = (SELECT COALESCE(MAX(id), 0) FROM transcript_events)
        WHERE id = 1 AND indexed_upto > (SELECT COALESCE(MAX(id), 0) FROM transcript_events);
END;

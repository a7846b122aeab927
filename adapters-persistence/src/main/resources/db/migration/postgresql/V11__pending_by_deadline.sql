-- The expiry pass asks for pending jobs past their deadline through this partial index. PostgreSQL
-- leaves "status = 'pending'" out of the index condition because the index's own predicate implies
-- it, so with status leading, the range on the deadline read the whole index: every job waiting to
-- be sent, on each pass of the tracker (at a million jobs, 10,000 entries for none due). Led by
-- the deadline, the pass reads one page. SQLite keeps status in its condition and needs no change.
-- The index covers only jobs waiting to be sent, so rebuilding it is quick even on a large table.
DROP INDEX jobs_pending_by_deadline;
CREATE INDEX jobs_pending_by_deadline ON jobs (deadline, id)
    WHERE status = 'pending' AND submit_started_at IS NULL;

-- The tracker reads two queues instead of one mixed list of due jobs, each from its own partial
-- index, so that both reads stay a short range scan however many jobs wait:
--   * due work that needs no in-flight slot (status reads, downloads, crash recovery), earliest
--     first: every job with a next check except the pending jobs not yet sent;
--   * the submission queue: pending jobs not yet sent, in creation order (ids are time-ordered);
--   * and, for deadlines, the same pending jobs by deadline, so that one past its deadline is
--     expired even while every slot is taken.
-- The same indexes as the SQLite migration of the same version; the queries repeat each index's
-- WHERE terms, which both databases need to prove the index applies.

CREATE INDEX jobs_due_work ON jobs (next_check_at, id)
    WHERE next_check_at IS NOT NULL AND (status <> 'pending' OR submit_started_at IS NOT NULL);

-- These two lead with status (constant within them, as in jobs_with_attempt_mark) so that a
-- planner without statistics prefers them to jobs_by_status for "status = 'pending'".
CREATE INDEX jobs_submission_queue ON jobs (status, id)
    WHERE status = 'pending' AND submit_started_at IS NULL;

CREATE INDEX jobs_pending_by_deadline ON jobs (status, deadline, id)
    WHERE status = 'pending' AND submit_started_at IS NULL;

-- The mixed "what is due" index served the one query these replace.
DROP INDEX jobs_due;

-- Money safety at the gateway.
--   * canceled_by: who canceled a job, 'user' (our API) or 'gateway' (it reported CANCELLED).
--     Every job canceled before this version was canceled by a user.
--   * settled_by_callback: the attempt's ambiguous submission was settled by a gateway callback
--     naming its request (read back from the gateway), not by the submit's answer.
--   * callback_window_until, callback_request_id: a pending job whose submission has no answer
--     (ambiguous, or its sender died) waits until callback_window_until for a gateway callback;
--     callback_request_id is the request a callback named, not believed until the gateway answers
--     for it. The job keeps its attempt mark meanwhile, so it is never submitted again by itself.
ALTER TABLE jobs ADD COLUMN canceled_by TEXT CHECK (canceled_by IN ('user', 'gateway'));
UPDATE jobs SET canceled_by = 'user' WHERE status = 'canceled';
ALTER TABLE jobs ADD COLUMN settled_by_callback INTEGER NOT NULL DEFAULT 0
    CHECK (settled_by_callback IN (0, 1));
ALTER TABLE jobs ADD COLUMN callback_window_until INTEGER;
ALTER TABLE jobs ADD COLUMN callback_request_id TEXT;

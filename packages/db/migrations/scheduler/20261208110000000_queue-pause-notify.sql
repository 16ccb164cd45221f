-- Up Migration

-- Every change to a queue pause is announced on the `queue_pauses` channel when its transaction
-- commits, so each API and worker process (LISTENing) applies it to BullMQ and tells its event
-- streams at once, however the row was written. The payload names the job type only: a listener
-- reads the table again, which is the truth (a notification may be lost; a slow pass covers that).
CREATE OR REPLACE FUNCTION notify_queue_pause_change() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('queue_pauses', COALESCE(NEW.job_type, OLD.job_type));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS queue_pauses_notify ON queue_pauses;
CREATE TRIGGER queue_pauses_notify
  AFTER INSERT OR UPDATE OR DELETE ON queue_pauses
  FOR EACH ROW EXECUTE FUNCTION notify_queue_pause_change();

-- Down Migration
DROP TRIGGER IF EXISTS queue_pauses_notify ON queue_pauses;
DROP FUNCTION IF EXISTS notify_queue_pause_change();

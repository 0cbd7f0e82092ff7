-- Each queue row carries its message's signals (SQLite's migration 29),
-- so the inbox's filters by what a message says and by channel or post
-- read the queue alone. A trigger keeps them when a message is read
-- again, whoever reads it.

ALTER TABLE inbox_queue ADD COLUMN signals BIGINT NOT NULL DEFAULT 0;
UPDATE inbox_queue q SET signals = coalesce(i.signals, 0)
FROM interaction i WHERE i.id = q.interaction_id;

CREATE FUNCTION queue_signals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inbox_queue SET signals = coalesce(NEW.signals, 0)
    WHERE interaction_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER queue_signals AFTER UPDATE OF signals ON interaction
    FOR EACH ROW WHEN (OLD.signals IS DISTINCT FROM NEW.signals)
    EXECUTE FUNCTION queue_signals();

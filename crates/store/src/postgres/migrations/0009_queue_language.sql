-- Each queue row carries its message's language (SQLite's migration 30),
-- so the inbox's language filter reads the queue alone. Written when the
-- message is queued and whenever its analysis is written again; NULL
-- for a message with no words.

ALTER TABLE inbox_queue ADD COLUMN language TEXT;
UPDATE inbox_queue q SET language = a.language
FROM analysis a WHERE a.interaction_id = q.interaction_id;

-- Which analyzer and signal rules the stored readings were made with
-- (SQLite's migration 28): a build that reads otherwise reads every
-- stored text again when it opens the store. A store from before has
-- none: its readings are re-made once.

CREATE TABLE readings_state (
        id      BIGINT PRIMARY KEY CHECK (id = 1),
        version TEXT NOT NULL
);

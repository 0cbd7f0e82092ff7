-- What several servers count together (SQLite's migration 26; see
-- `crate::limits`), and a job's short description for lists.

CREATE TABLE login_attempt (
        login_key TEXT COLLATE "C" NOT NULL,
        at        BIGINT NOT NULL,
        attempt   TEXT COLLATE "C" NOT NULL
);
CREATE INDEX login_attempt_key ON login_attempt (login_key, at);
CREATE INDEX login_attempt_id ON login_attempt (attempt);
CREATE TABLE rate_bucket (
        bucket TEXT COLLATE "C" PRIMARY KEY,
        held   DOUBLE PRECISION NOT NULL,
        at     DOUBLE PRECISION NOT NULL
);
ALTER TABLE job ADD COLUMN about TEXT;
CREATE INDEX job_kind ON job (kind, id);

//! The schema, as an ordered list of migrations. A database records how
//! many it has applied in `PRAGMA user_version`; opening applies the rest.
//!
//! Interactions point at identities, identities at people: merging two
//! people moves identities, never rewrites interactions, so a merge can be
//! undone exactly.

use crate::StoreError;
use rusqlite::{Connection, TransactionBehavior};

const MIGRATIONS: &[&str] = &[
    // 1: people, identities, emails, interactions, orders, links.
    "
    CREATE TABLE person (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        is_brand   INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE identity (
        id           INTEGER PRIMARY KEY,
        person_id    INTEGER NOT NULL,
        channel      TEXT NOT NULL,
        handle       TEXT NOT NULL,
        display_name TEXT,
        email        TEXT,
        followers    INTEGER,
        bio          TEXT,
        UNIQUE (channel, handle)
    );
    CREATE INDEX identity_person ON identity (person_id);
    CREATE TABLE email (
        address   TEXT PRIMARY KEY,
        person_id INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX email_person ON email (person_id);
    CREATE TABLE interaction (
        id          INTEGER PRIMARY KEY,
        channel     TEXT NOT NULL,
        external_id TEXT NOT NULL,
        kind        TEXT NOT NULL,
        identity_id INTEGER NOT NULL,
        text        TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        in_reply_to TEXT,
        post_id     TEXT,
        url         TEXT,
        from_brand  INTEGER NOT NULL,
        UNIQUE (channel, external_id)
    );
    CREATE INDEX interaction_identity ON interaction (identity_id);
    CREATE TABLE orders (
        id         INTEGER PRIMARY KEY,
        order_id   TEXT NOT NULL UNIQUE,
        person_id  INTEGER,
        email      TEXT,
        total      REAL NOT NULL,
        currency   TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        status     TEXT NOT NULL,
        items      TEXT NOT NULL
    );
    CREATE INDEX orders_person ON orders (person_id);
    CREATE TABLE link (
        id         INTEGER PRIMARY KEY,
        person_id  INTEGER NOT NULL,
        reason     TEXT NOT NULL,
        detail     TEXT NOT NULL,
        confidence REAL NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX link_person ON link (person_id);
    ",
    // 2: what the analyzer read in each text.
    "
    CREATE TABLE analysis (
        interaction_id       INTEGER PRIMARY KEY,
        language             TEXT NOT NULL,
        sentiment            TEXT NOT NULL,
        sentiment_confidence REAL NOT NULL,
        intent               TEXT NOT NULL,
        intents              TEXT NOT NULL,
        topics               TEXT NOT NULL,
        specificity          REAL NOT NULL,
        generic              INTEGER NOT NULL
    );
    ",
    // 3: cohorts — the people the shop chose to cultivate, and how far
    //    each has come (planned → contacted → answered → moved_up →
    //    graduated).
    "
    CREATE TABLE IF NOT EXISTS cohort (
        id         INTEGER PRIMARY KEY,
        planned_at INTEGER NOT NULL,
        size       INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS cohort_member (
        cohort_id     INTEGER NOT NULL REFERENCES cohort (id),
        person_id     INTEGER NOT NULL,
        position      INTEGER NOT NULL,
        stage_at_plan TEXT NOT NULL,
        affinity      REAL NOT NULL,
        topic         TEXT,
        opener        TEXT NOT NULL,
        status        TEXT NOT NULL DEFAULT 'planned'
                      CHECK (status IN ('planned', 'contacted', 'answered', 'moved_up', 'graduated')),
        contacted_at  INTEGER,
        answered_at   INTEGER,
        moved_up_at   INTEGER,
        graduated_at  INTEGER,
        PRIMARY KEY (cohort_id, person_id)
    );
    CREATE INDEX IF NOT EXISTS cohort_member_person ON cohort_member (person_id);
    ",
    // 4: the team: dashboard users, sessions, API tokens (secrets stored
    //    only as hashes), and what the team did with each inbox item.
    "
    CREATE TABLE IF NOT EXISTS app_user (
        id            INTEGER PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        role          TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at    INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS session (
        token_hash TEXT PRIMARY KEY,
        user_id    INTEGER NOT NULL,
        csrf       TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS session_user ON session (user_id);
    CREATE TABLE IF NOT EXISTS api_token (
        id           INTEGER PRIMARY KEY,
        token_hash   TEXT NOT NULL UNIQUE,
        user_id      INTEGER NOT NULL,
        prefix       TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        last_used_at INTEGER
    );
    CREATE TABLE IF NOT EXISTS inbox_state (
        interaction_id INTEGER PRIMARY KEY,
        reply_text     TEXT,
        replied_at     INTEGER,
        replied_by     TEXT,
        handled_at     INTEGER,
        handled_by     TEXT,
        assigned_to    TEXT,
        snoozed_until  INTEGER
    );
    CREATE TABLE IF NOT EXISTS inbox_note (
        id             INTEGER PRIMARY KEY,
        interaction_id INTEGER NOT NULL,
        author         TEXT NOT NULL,
        text           TEXT NOT NULL,
        created_at     INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS inbox_note_interaction ON inbox_note (interaction_id);
    -- The API and dashboard look people up by bare handle (`/people/anna`);
    -- without this each lookup scans every identity.
    CREATE INDEX IF NOT EXISTS identity_handle ON identity (handle);
    ",
    // 5: privacy requests received by webhook (Shopify's customers/redact,
    //    customers/data_request, shop/redact), kept for the privacy work.
    "
    CREATE TABLE IF NOT EXISTS privacy_request (
        id             INTEGER PRIMARY KEY,
        source         TEXT NOT NULL,
        topic          TEXT NOT NULL,
        shop_domain    TEXT,
        customer_email TEXT,
        customer_id    TEXT,
        payload        TEXT NOT NULL,
        received_at    INTEGER NOT NULL
    );
    ",
    // 6: identity resolution — a journal of every merge (what moved, and
    //    the removed person) so it can be undone exactly, and link
    //    suggestions waiting for a human (see `links.rs`).
    "
    CREATE TABLE IF NOT EXISTS merge_journal (
        link_id         INTEGER PRIMARY KEY,
        keep_id         INTEGER NOT NULL,
        gone_id         INTEGER NOT NULL,
        gone_name       TEXT NOT NULL,
        gone_created_at INTEGER NOT NULL,
        gone_is_brand   INTEGER NOT NULL,
        identity_ids    TEXT NOT NULL,
        emails          TEXT NOT NULL,
        order_ids       TEXT NOT NULL,
        link_ids        TEXT NOT NULL,
        undone_at       INTEGER
    );
    CREATE INDEX IF NOT EXISTS merge_journal_keep ON merge_journal (keep_id);
    CREATE INDEX IF NOT EXISTS merge_journal_gone ON merge_journal (gone_id);
    CREATE TABLE IF NOT EXISTS link_suggestion (
        id                INTEGER PRIMARY KEY,
        identity_id       INTEGER NOT NULL,
        other_identity_id INTEGER NOT NULL,
        reason            TEXT NOT NULL,
        detail            TEXT NOT NULL,
        confidence        REAL NOT NULL,
        status            TEXT NOT NULL DEFAULT 'open'
                          CHECK (status IN ('open', 'accepted', 'rejected')),
        created_at        INTEGER NOT NULL,
        decided_at        INTEGER,
        link_id           INTEGER,
        UNIQUE (identity_id, other_identity_id, reason)
    );
    ",
    // 7: where each live pull (`rapport pull`) stopped, so a restart
    //    resumes after it: `mastodon:{base-url}` → the newest notification
    //    id, `bluesky:{jetstream-url}` → the last event's `time_us`.
    "
    CREATE TABLE IF NOT EXISTS pull_cursor (
        source     TEXT PRIMARY KEY,
        cursor     TEXT,
        updated_at INTEGER
    );
    ",
    // 8: the ladder's stored verdicts, kept current incrementally.
    //    `interaction.signals` holds what the ladder reads in the words
    //    (rapport_core::signals::Signals bits; NULL for rows stored before
    //    this migration, computed on read until `rapport rescore` fills
    //    them). Triggers mark every person whose data changes — whatever
    //    wrote it: an import, a webhook, a merge or its undoing — in
    //    `person_dirty`, so the next update knows whom to judge again.
    "
    ALTER TABLE interaction ADD COLUMN signals INTEGER;
    CREATE INDEX IF NOT EXISTS interaction_unsignaled ON interaction (id) WHERE signals IS NULL;
    -- An index that covers everything the ladder reads, so judging
    -- everyone scans a narrow index instead of every page of text. It
    -- leads with the row id, so new rows append at its end and imports
    -- stay cheap; lookups by identity keep their own index.
    CREATE INDEX IF NOT EXISTS interaction_ladder
        ON interaction (id, identity_id, created_at, kind, from_brand, signals, post_id);
    CREATE TABLE IF NOT EXISTS person_score (
        person_id   INTEGER PRIMARY KEY,
        stage       TEXT NOT NULL,
        assessment  TEXT NOT NULL,
        next_change INTEGER
    );
    CREATE INDEX IF NOT EXISTS person_score_next ON person_score (next_change);
    CREATE TABLE IF NOT EXISTS score_state (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        as_of   INTEGER NOT NULL,
        profile TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS person_dirty (
        person_id INTEGER PRIMARY KEY
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO person_dirty SELECT id FROM person;
    CREATE TRIGGER IF NOT EXISTS dirty_interaction_in AFTER INSERT ON interaction BEGIN
        INSERT OR IGNORE INTO person_dirty
            SELECT person_id FROM identity WHERE id = NEW.identity_id;
    END;
    CREATE TRIGGER IF NOT EXISTS dirty_interaction_out AFTER DELETE ON interaction BEGIN
        INSERT OR IGNORE INTO person_dirty
            SELECT person_id FROM identity WHERE id = OLD.identity_id;
    END;
    CREATE TRIGGER IF NOT EXISTS dirty_interaction_signals
        AFTER UPDATE OF signals ON interaction
        WHEN OLD.signals IS NOT NEW.signals BEGIN
        INSERT OR IGNORE INTO person_dirty
            SELECT person_id FROM identity WHERE id = NEW.identity_id;
    END;
    CREATE TRIGGER IF NOT EXISTS dirty_identity_in AFTER INSERT ON identity BEGIN
        INSERT OR IGNORE INTO person_dirty VALUES (NEW.person_id);
    END;
    CREATE TRIGGER IF NOT EXISTS dirty_identity_change
        AFTER UPDATE OF person_id, followers, bio ON identity BEGIN
        INSERT OR IGNORE INTO person_dirty VALUES (OLD.person_id);
        INSERT OR IGNORE INTO person_dirty VALUES (NEW.person_id);
    END;
    CREATE TRIGGER IF NOT EXISTS dirty_identity_out AFTER DELETE ON identity BEGIN
        INSERT OR IGNORE INTO person_dirty VALUES (OLD.person_id);
    END;
    CREATE TRIGGER IF NOT EXISTS dirty_order_in AFTER INSERT ON orders
        WHEN NEW.person_id IS NOT NULL BEGIN
        INSERT OR IGNORE INTO person_dirty VALUES (NEW.person_id);
    END;
    CREATE TRIGGER IF NOT EXISTS dirty_order_change
        AFTER UPDATE OF person_id, status, total ON orders BEGIN
        INSERT OR IGNORE INTO person_dirty SELECT OLD.person_id WHERE OLD.person_id IS NOT NULL;
        INSERT OR IGNORE INTO person_dirty SELECT NEW.person_id WHERE NEW.person_id IS NOT NULL;
    END;
    CREATE TRIGGER IF NOT EXISTS dirty_order_out AFTER DELETE ON orders
        WHEN OLD.person_id IS NOT NULL BEGIN
        INSERT OR IGNORE INTO person_dirty VALUES (OLD.person_id);
    END;
    CREATE TRIGGER IF NOT EXISTS dirty_person_in AFTER INSERT ON person BEGIN
        INSERT OR IGNORE INTO person_dirty VALUES (NEW.id);
    END;
    CREATE TRIGGER IF NOT EXISTS dirty_person_out AFTER DELETE ON person BEGIN
        INSERT OR IGNORE INTO person_dirty VALUES (OLD.id);
    END;
    ",
    // 9: value-first touches — what the shop gave a person (a sample, a
    //    shout-out, help) or asked of them, so the team can see it gives
    //    before it asks. Rows keep the person id they were logged for;
    //    readers follow merges (`merge_journal`) to the person today.
    "
    CREATE TABLE IF NOT EXISTS touch (
        id        INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL,
        kind      TEXT NOT NULL,
        note      TEXT NOT NULL,
        at        INTEGER NOT NULL,
        by_user   TEXT
    );
    CREATE INDEX IF NOT EXISTS touch_person ON touch (person_id);
    ",
    // 10: the handles each bio names, kept when the bio is written, so an
    //     import checks the identities it adds against the bios stored
    //     (and theirs against the identities stored) without reading
    //     every bio again (see `links.rs`). Filled from the stored bios
    //     when the migration runs ([`BIO_HANDLES`]).
    "
    CREATE TABLE IF NOT EXISTS bio_handle (
        channel     TEXT NOT NULL,
        handle      TEXT NOT NULL,
        identity_id INTEGER NOT NULL,
        PRIMARY KEY (channel, handle, identity_id)
    ) WITHOUT ROWID;
    ",
    // 11: the words apart from the rest of an interaction. The ladder
    //     reads every interaction but never its words: with the texts in
    //     their own table the interaction table is narrow enough to scan,
    //     and the covering index that stood in for it (migration 8) —
    //     written for every imported row, a fifth of an import's writing —
    //     goes. Upgrading rewrites the interaction table once.
    "
    CREATE TABLE IF NOT EXISTS interaction_text (
        interaction_id INTEGER PRIMARY KEY,
        text           TEXT NOT NULL
    );
    INSERT OR IGNORE INTO interaction_text (interaction_id, text)
        SELECT id, text FROM interaction;
    DROP INDEX IF EXISTS interaction_ladder;
    ALTER TABLE interaction DROP COLUMN text;
    CREATE TRIGGER IF NOT EXISTS interaction_text_out AFTER DELETE ON interaction BEGIN
        DELETE FROM interaction_text WHERE interaction_id = OLD.id;
    END;
    -- New interactions are found by row id after the verdicts' mark
    -- instead of a mark per row (a trigger per imported row cost a tenth
    -- of an import); rows stored so far were marked by the trigger.
    ALTER TABLE score_state ADD COLUMN through_interaction INTEGER NOT NULL DEFAULT 0;
    UPDATE score_state SET through_interaction = (SELECT coalesce(max(id), 0) FROM interaction);
    DROP TRIGGER IF EXISTS dirty_interaction_in;
    ",
    // 12: what the views read, kept current by every writer in the
    //     writer's own transaction, so no view reads the whole database
    //     (see `derived/`). Filled from the stored rows when the migration
    //     runs ([`DERIVED`]); the ladder's new columns are filled by the
    //     full judging the cleared `score_state` asks for.
    "
    -- Each message's thread (its root's external id) and, for words said
    -- to the shop, when the shop first answered (CONTRACT's rule).
    ALTER TABLE interaction ADD COLUMN root TEXT;
    ALTER TABLE interaction ADD COLUMN answered_at INTEGER;
    CREATE INDEX IF NOT EXISTS interaction_thread ON interaction (channel, root, created_at);
    CREATE INDEX IF NOT EXISTS interaction_shop_thread
        ON interaction (channel, root) WHERE from_brand = 1;
    CREATE INDEX IF NOT EXISTS interaction_shop_reply
        ON interaction (channel, in_reply_to) WHERE from_brand = 1;
    -- One row per thread: what the thread list shows and sorts by.
    CREATE TABLE IF NOT EXISTS thread (
        channel          TEXT NOT NULL,
        root             TEXT NOT NULL,
        first_id         INTEGER NOT NULL,
        first_at         INTEGER NOT NULL,
        last_at          INTEGER NOT NULL,
        messages         INTEGER NOT NULL,
        inbound          INTEGER NOT NULL,
        unanswered       INTEGER NOT NULL,
        first_inbound_id INTEGER,
        first_inbound_at INTEGER,
        post_id          TEXT,
        post_at          INTEGER,
        post_from_id     INTEGER,
        exchange_last    INTEGER,
        exchange_second  INTEGER,
        people           TEXT NOT NULL,
        PRIMARY KEY (channel, root)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS thread_recent
        ON thread (last_at DESC, channel, root) WHERE inbound > 0;
    CREATE INDEX IF NOT EXISTS thread_channel_recent
        ON thread (channel, last_at DESC, root) WHERE inbound > 0;
    CREATE INDEX IF NOT EXISTS thread_open_recent
        ON thread (last_at DESC, channel, root) WHERE unanswered > 0;
    CREATE INDEX IF NOT EXISTS thread_channel_open_recent
        ON thread (channel, last_at DESC, root) WHERE unanswered > 0;
    -- Threads with inbound words per channel, and of those with
    -- unanswered ones: the thread list's totals without a count.
    CREATE TABLE IF NOT EXISTS thread_count (
        channel TEXT NOT NULL,
        open    INTEGER NOT NULL,
        n       INTEGER NOT NULL,
        PRIMARY KEY (channel, open)
    ) WITHOUT ROWID;
    CREATE TRIGGER IF NOT EXISTS thread_in AFTER INSERT ON thread WHEN NEW.inbound > 0 BEGIN
        INSERT INTO thread_count (channel, open, n) VALUES (NEW.channel, NEW.unanswered > 0, 1)
        ON CONFLICT (channel, open) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER IF NOT EXISTS thread_out AFTER DELETE ON thread WHEN OLD.inbound > 0 BEGIN
        UPDATE thread_count SET n = n - 1
        WHERE channel = OLD.channel AND open = (OLD.unanswered > 0);
    END;
    CREATE TRIGGER IF NOT EXISTS thread_change AFTER UPDATE OF inbound, unanswered ON thread
        BEGIN
        UPDATE thread_count SET n = n - 1
        WHERE OLD.inbound > 0 AND channel = OLD.channel AND open = (OLD.unanswered > 0);
        INSERT INTO thread_count (channel, open, n)
            SELECT NEW.channel, NEW.unanswered > 0, 1 WHERE NEW.inbound > 0
        ON CONFLICT (channel, open) DO UPDATE SET n = n + 1;
    END;
    -- Every unanswered inbound message, with the fixed parts of its
    -- priority: `base` from its words, `rank` = base + its author's
    -- labels, `vip` when the author is a true fan, evangelist or
    -- influencer (the 1-hour answer target).
    CREATE TABLE IF NOT EXISTS inbox_queue (
        interaction_id INTEGER PRIMARY KEY,
        person_id      INTEGER NOT NULL,
        at             INTEGER NOT NULL,
        base           INTEGER NOT NULL,
        rank           INTEGER NOT NULL,
        vip            INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS inbox_queue_order ON inbox_queue (rank, at, interaction_id);
    CREATE INDEX IF NOT EXISTS inbox_queue_alert
        ON inbox_queue (base, vip, at, person_id, interaction_id);
    CREATE INDEX IF NOT EXISTS inbox_queue_at ON inbox_queue (at);
    CREATE INDEX IF NOT EXISTS inbox_queue_person ON inbox_queue (person_id);
    -- How many queue rows there are per (rank, base, vip): counts and
    -- pages without walking the queue.
    CREATE TABLE IF NOT EXISTS inbox_count (
        rank INTEGER NOT NULL,
        base INTEGER NOT NULL,
        vip  INTEGER NOT NULL,
        n    INTEGER NOT NULL,
        PRIMARY KEY (rank, base, vip)
    ) WITHOUT ROWID;
    CREATE TRIGGER IF NOT EXISTS inbox_queue_in AFTER INSERT ON inbox_queue BEGIN
        INSERT INTO inbox_count (rank, base, vip, n) VALUES (NEW.rank, NEW.base, NEW.vip, 1)
        ON CONFLICT (rank, base, vip) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER IF NOT EXISTS inbox_queue_out AFTER DELETE ON inbox_queue BEGIN
        UPDATE inbox_count SET n = n - 1
        WHERE rank = OLD.rank AND base = OLD.base AND vip = OLD.vip;
    END;
    CREATE TRIGGER IF NOT EXISTS inbox_queue_change
        AFTER UPDATE OF rank, base, vip ON inbox_queue BEGIN
        UPDATE inbox_count SET n = n - 1
        WHERE rank = OLD.rank AND base = OLD.base AND vip = OLD.vip;
        INSERT INTO inbox_count (rank, base, vip, n) VALUES (NEW.rank, NEW.base, NEW.vip, 1)
        ON CONFLICT (rank, base, vip) DO UPDATE SET n = n + 1;
    END;
    -- The report's figures per UTC day and channel, and the first
    -- response times of the inbound answered that day, by bucket.
    CREATE TABLE IF NOT EXISTS report_day (
        day             INTEGER NOT NULL,
        channel         TEXT NOT NULL,
        inbound         INTEGER NOT NULL DEFAULT 0,
        answered        INTEGER NOT NULL DEFAULT 0,
        specific        INTEGER NOT NULL DEFAULT 0,
        generic         INTEGER NOT NULL DEFAULT 0,
        recommendations INTEGER NOT NULL DEFAULT 0,
        follows         INTEGER NOT NULL DEFAULT 0,
        likes           INTEGER NOT NULL DEFAULT 0,
        conversations   INTEGER NOT NULL DEFAULT 0,
        messages        INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, channel)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS response_day (
        day       INTEGER NOT NULL,
        channel   TEXT NOT NULL,
        histogram BLOB NOT NULL,
        PRIMARY KEY (day, channel)
    ) WITHOUT ROWID;
    -- The ladder's verdicts as columns to list, filter and sort by, the
    -- moments alerts read, and the steps of every person's replay.
    ALTER TABLE person_score ADD COLUMN labels INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE person_score ADD COLUMN engagement REAL NOT NULL DEFAULT 0;
    ALTER TABLE person_score ADD COLUMN loyalty REAL NOT NULL DEFAULT 0;
    ALTER TABLE person_score ADD COLUMN advocacy REAL NOT NULL DEFAULT 0;
    ALTER TABLE person_score ADD COLUMN reach REAL NOT NULL DEFAULT 0;
    ALTER TABLE person_score ADD COLUMN lifetime_value REAL NOT NULL DEFAULT 0;
    ALTER TABLE person_score ADD COLUMN alignment REAL;
    ALTER TABLE person_score ADD COLUMN closeness REAL NOT NULL DEFAULT 0;
    ALTER TABLE person_score ADD COLUMN stage_rank INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE person_score ADD COLUMN queue_weight INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE person_score ADD COLUMN vip INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE person_score ADD COLUMN first_at INTEGER;
    ALTER TABLE person_score ADD COLUMN last_at INTEGER;
    ALTER TABLE person_score ADD COLUMN detractor_since INTEGER;
    ALTER TABLE person_score ADD COLUMN falls_at INTEGER;
    ALTER TABLE person_score ADD COLUMN falls_to INTEGER;
    ALTER TABLE person_score ADD COLUMN fell_at INTEGER;
    ALTER TABLE person_score ADD COLUMN recovered INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE person_score ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
    CREATE INDEX IF NOT EXISTS person_score_close
        ON person_score (stage_rank DESC, closeness DESC, person_id);
    CREATE INDEX IF NOT EXISTS person_score_name ON person_score (sort_name, person_id);
    CREATE INDEX IF NOT EXISTS person_score_engagement ON person_score (engagement DESC, person_id);
    CREATE INDEX IF NOT EXISTS person_score_loyalty ON person_score (loyalty DESC, person_id);
    CREATE INDEX IF NOT EXISTS person_score_advocacy ON person_score (advocacy DESC, person_id);
    CREATE INDEX IF NOT EXISTS person_score_reach ON person_score (reach DESC, person_id);
    CREATE INDEX IF NOT EXISTS person_score_value ON person_score (lifetime_value DESC, person_id);
    CREATE INDEX IF NOT EXISTS person_score_detractor
        ON person_score (detractor_since) WHERE detractor_since IS NOT NULL;
    CREATE INDEX IF NOT EXISTS person_score_falls ON person_score (falls_at) WHERE falls_at IS NOT NULL;
    CREATE INDEX IF NOT EXISTS person_score_fell ON person_score (fell_at) WHERE fell_at IS NOT NULL;
    -- People per label (a person has a row per label they carry).
    CREATE TABLE IF NOT EXISTS person_label (
        label      INTEGER NOT NULL,
        person_id  INTEGER NOT NULL,
        stage_rank INTEGER NOT NULL,
        closeness  REAL NOT NULL,
        PRIMARY KEY (label, person_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS person_label_close
        ON person_label (label, stage_rank DESC, closeness DESC, person_id);
    CREATE TABLE IF NOT EXISTS stage_step (
        person_id INTEGER NOT NULL,
        at        INTEGER NOT NULL,
        stage     INTEGER NOT NULL,
        labels    INTEGER NOT NULL,
        PRIMARY KEY (person_id, at)
    ) WITHOUT ROWID;
    -- Per week (its Monday, seconds): people entering (+) and leaving (-)
    -- each stage, and the fans and evangelists gained that week.
    CREATE TABLE IF NOT EXISTS ladder_week (
        week  INTEGER NOT NULL,
        stage INTEGER NOT NULL,
        delta INTEGER NOT NULL,
        PRIMARY KEY (week, stage)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS gain_week (
        week        INTEGER PRIMARY KEY,
        fans        INTEGER NOT NULL DEFAULT 0,
        evangelists INTEGER NOT NULL DEFAULT 0
    );
    -- The first and latest moment of any stored activity or order.
    CREATE TABLE IF NOT EXISTS extent (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        first_at INTEGER NOT NULL,
        last_at  INTEGER NOT NULL
    );
    INSERT INTO extent (id, first_at, last_at)
        SELECT 1, min(t), max(t) FROM (SELECT created_at AS t FROM interaction
                                       UNION ALL SELECT created_at FROM orders)
        WHERE t IS NOT NULL HAVING count(*) > 0;
    -- Counts of the stored verdicts: `all`, `stage:S`, `label:L` and
    -- `stage:S/label:L`.
    CREATE TABLE IF NOT EXISTS ladder_count (
        what TEXT PRIMARY KEY,
        n    INTEGER NOT NULL
    ) WITHOUT ROWID;
    DELETE FROM score_state;
    DELETE FROM person_score;
    INSERT OR IGNORE INTO person_dirty SELECT id FROM person;
    ",
    // 13: alerts count and read their people by index ranges; the goal
    // sums what the true fans paid without reading their orders.
    "
    DROP INDEX IF EXISTS person_score_falls;
    CREATE INDEX person_score_falls
        ON person_score (stage_rank, falls_at, falls_to) WHERE falls_at IS NOT NULL;
    CREATE INDEX IF NOT EXISTS person_score_alignment
        ON person_score (alignment, first_at) WHERE alignment IS NOT NULL;
    DROP INDEX IF EXISTS person_score_fell;
    CREATE INDEX person_score_fell
        ON person_score (fell_at, stage_rank) WHERE fell_at IS NOT NULL;
    -- What each true fan paid (paid and pending orders) per currency, as
    -- judged with their verdict.
    CREATE TABLE IF NOT EXISTS fan_paid (
        person_id INTEGER NOT NULL,
        currency  TEXT NOT NULL,
        total     REAL NOT NULL,
        PRIMARY KEY (person_id, currency)
    ) WITHOUT ROWID;
    INSERT INTO fan_paid (person_id, currency, total)
        SELECT o.person_id, upper(o.currency), sum(o.total)
        FROM person_label l JOIN orders o ON o.person_id = l.person_id
        WHERE l.label = 0 AND o.status IN ('paid', 'pending')
        GROUP BY 1, 2;
    CREATE INDEX IF NOT EXISTS fan_paid_currency ON fan_paid (currency, total);
    -- Two counts beside the verdicts' (see scores.rs): detractors who
    -- recovered, true fans who paid.
    INSERT OR REPLACE INTO ladder_count (what, n)
        SELECT 'recovered:detractor', count(*) FROM person_label l
        JOIN person_score s ON s.person_id = l.person_id
        WHERE l.label = 3 AND s.recovered;
    INSERT OR REPLACE INTO ladder_count (what, n)
        SELECT 'paying:true_fan', count(DISTINCT person_id) FROM fan_paid;
    -- Influencers below the alignment cut (0.4), and per day the people
    -- alerts watch (0: became a detractor, 1: a fan falls, 2: fell from
    -- fan), so the alerts badge adds up days instead of counting people.
    INSERT OR REPLACE INTO ladder_count (what, n)
        SELECT 'mismatched:influencer', count(*) FROM person_score
        WHERE alignment < 0.4 AND labels & 4 != 0;
    CREATE TABLE IF NOT EXISTS watch_day (
        kind INTEGER NOT NULL,
        day  INTEGER NOT NULL,
        n    INTEGER NOT NULL,
        PRIMARY KEY (kind, day)
    ) WITHOUT ROWID;
    INSERT INTO watch_day (kind, day, n)
        SELECT 0, detractor_since / 86400 - (detractor_since % 86400 < 0), count(*)
        FROM person_score WHERE detractor_since IS NOT NULL GROUP BY 2;
    INSERT INTO watch_day (kind, day, n)
        SELECT 1, falls_at / 86400 - (falls_at % 86400 < 0), count(*)
        FROM person_score
        WHERE falls_at IS NOT NULL AND falls_to IS NOT NULL AND stage_rank = 4 GROUP BY 2;
    INSERT INTO watch_day (kind, day, n)
        SELECT 2, fell_at / 86400 - (fell_at % 86400 < 0), count(*)
        FROM person_score WHERE fell_at IS NOT NULL AND stage_rank <> 4 GROUP BY 2;
    ",
    // 14: privacy — erasure that keeps the report's past figures, a
    //     suppression list so a forgotten person does not come back from
    //     an old file, replay-proof privacy requests, an audit log, and
    //     API tokens that expire (see `forget.rs`, `privacy.rs`,
    //     `audit.rs`).
    "
    -- A random salt per database: identities and emails of forgotten
    -- people are kept only as salted hashes.
    CREATE TABLE IF NOT EXISTS privacy_salt (
        id   INTEGER PRIMARY KEY CHECK (id = 1),
        salt TEXT NOT NULL
    );
    INSERT OR IGNORE INTO privacy_salt (id, salt) VALUES (1, lower(hex(randomblob(32))));
    -- One row per erasure: who asked, when, how much went; no personal
    -- data. `reserved_through` keeps the erased ids from being handed to
    -- a new person.
    CREATE TABLE IF NOT EXISTS erasure (
        id               INTEGER PRIMARY KEY,
        person_id        INTEGER NOT NULL,
        reserved_through INTEGER NOT NULL,
        at               INTEGER NOT NULL,
        by_actor         TEXT NOT NULL,
        identities       INTEGER NOT NULL,
        emails           INTEGER NOT NULL,
        interactions     INTEGER NOT NULL,
        orders           INTEGER NOT NULL
    );
    -- Salted hashes of forgotten identities (`identity`: channel:handle)
    -- and emails (`email`): imports skip records that carry one.
    CREATE TABLE IF NOT EXISTS forgotten_key (
        hash       TEXT PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN ('identity', 'email')),
        erasure_id INTEGER,
        at         INTEGER NOT NULL
    ) WITHOUT ROWID;
    -- What erased messages had added to the report's days, kept as
    -- anonymous figures: the derived days are the stored messages' plus
    -- these (see `derived::rebuild`), so past reports add up after an
    -- erasure. Figures may be negative where an erasure changed what
    -- others' messages count for (a thread split by a message gone).
    CREATE TABLE IF NOT EXISTS erased_day (
        day             INTEGER NOT NULL,
        channel         TEXT NOT NULL,
        inbound         INTEGER NOT NULL DEFAULT 0,
        answered        INTEGER NOT NULL DEFAULT 0,
        specific        INTEGER NOT NULL DEFAULT 0,
        generic         INTEGER NOT NULL DEFAULT 0,
        recommendations INTEGER NOT NULL DEFAULT 0,
        follows         INTEGER NOT NULL DEFAULT 0,
        likes           INTEGER NOT NULL DEFAULT 0,
        conversations   INTEGER NOT NULL DEFAULT 0,
        messages        INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, channel)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS erased_response (
        day     INTEGER NOT NULL,
        channel TEXT NOT NULL,
        bucket  INTEGER NOT NULL,
        n       INTEGER NOT NULL,
        PRIMARY KEY (day, channel, bucket)
    ) WITHOUT ROWID;
    -- Fans and evangelists gained per week by people since forgotten:
    -- judging everyone again starts the weekly gains from these.
    CREATE TABLE IF NOT EXISTS erased_week (
        week        INTEGER PRIMARY KEY,
        fans        INTEGER NOT NULL DEFAULT 0,
        evangelists INTEGER NOT NULL DEFAULT 0
    );
    -- Privacy requests: a replay (the same delivery id, or the same
    -- topic and body) is recognised; what was done and the export a
    -- data request produced are kept with the request.
    ALTER TABLE privacy_request ADD COLUMN delivery_id TEXT;
    ALTER TABLE privacy_request ADD COLUMN digest TEXT;
    ALTER TABLE privacy_request ADD COLUMN status TEXT NOT NULL DEFAULT 'recorded';
    ALTER TABLE privacy_request ADD COLUMN person_id INTEGER;
    ALTER TABLE privacy_request ADD COLUMN export TEXT;
    ALTER TABLE privacy_request ADD COLUMN done_at INTEGER;
    CREATE UNIQUE INDEX IF NOT EXISTS privacy_request_delivery
        ON privacy_request (source, delivery_id) WHERE delivery_id IS NOT NULL;
    CREATE UNIQUE INDEX IF NOT EXISTS privacy_request_digest
        ON privacy_request (source, digest) WHERE digest IS NOT NULL;
    -- Who viewed, exported, erased or changed what, and when.
    CREATE TABLE IF NOT EXISTS audit (
        id     INTEGER PRIMARY KEY,
        at     INTEGER NOT NULL,
        actor  TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS audit_target ON audit (target);
    -- API tokens expire; those made before expire 90 days after the
    -- upgrade (or their creation, if later).
    ALTER TABLE api_token ADD COLUMN expires_at INTEGER;
    UPDATE api_token
    SET expires_at = max(created_at, CAST(strftime('%s', 'now') AS INTEGER)) + 90 * 86400;
    CREATE INDEX IF NOT EXISTS api_token_user ON api_token (user_id);
    ",
    // 15: the people each ladder pass has taken to judge. A pass writes a
    // verdict only while the person is still its own: a pass that starts
    // later takes over what earlier ones hold, and the earlier one's
    // (older) verdicts are then not written over the newer ones. Passes
    // of several processes (or server threads) run at once safely, and a
    // pass cut short leaves its people for the next.
    "
    CREATE TABLE IF NOT EXISTS ladder_claim (
        person_id INTEGER PRIMARY KEY,
        pass      INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ladder_claim_pass ON ladder_claim (pass);
    ",
    // 16: the outbox (see `crate::outbox`): every message the shop sends
    // through Rapport, stored before it leaves, once per idempotency key;
    // and the addresses that asked for no more mail.
    "
    CREATE TABLE IF NOT EXISTS outbox (
        id             INTEGER PRIMARY KEY,
        key            TEXT NOT NULL UNIQUE,
        kind           TEXT NOT NULL,
        channel        TEXT NOT NULL,
        state          TEXT NOT NULL,
        person_id      INTEGER,
        parent_id      INTEGER,
        interaction_id INTEGER,
        order_id       TEXT,
        recipient      TEXT,
        subject        TEXT,
        body           TEXT NOT NULL,
        language       TEXT,
        created_by     TEXT NOT NULL,
        created_at     INTEGER NOT NULL,
        due_at         INTEGER NOT NULL,
        attempts       INTEGER NOT NULL DEFAULT 0,
        claimed_at     INTEGER,
        sent_at        INTEGER,
        external_id    TEXT,
        last_error     TEXT
    );
    CREATE INDEX IF NOT EXISTS outbox_due ON outbox (due_at) WHERE state = 'queued';
    CREATE INDEX IF NOT EXISTS outbox_sending ON outbox (claimed_at) WHERE state = 'sending';
    CREATE INDEX IF NOT EXISTS outbox_person ON outbox (person_id, created_at);
    CREATE INDEX IF NOT EXISTS outbox_parent ON outbox (parent_id);
    CREATE INDEX IF NOT EXISTS outbox_interaction ON outbox (interaction_id);
    CREATE INDEX IF NOT EXISTS outbox_order ON outbox (order_id) WHERE order_id IS NOT NULL;
    CREATE TABLE IF NOT EXISTS unsubscribed (
        address TEXT PRIMARY KEY,
        at      INTEGER NOT NULL,
        source  TEXT NOT NULL
    ) WITHOUT ROWID;
    -- The key unsubscribe links are signed with (made once per database).
    CREATE TABLE IF NOT EXISTS outbox_secret (
        id     INTEGER PRIMARY KEY CHECK (id = 1),
        secret TEXT NOT NULL
    );
    INSERT OR IGNORE INTO outbox_secret (id, secret) VALUES (1, lower(hex(randomblob(32))));
    -- Feedback requests look for orders of some days ago.
    CREATE INDEX IF NOT EXISTS orders_created ON orders (created_at);
    -- Moments a person should act on (see `crate::moments`), found in
    -- the messages stored after `moment_state.through`; one per kind
    -- and message, open until done.
    CREATE TABLE IF NOT EXISTS moment (
        id             INTEGER PRIMARY KEY,
        kind           TEXT NOT NULL,
        person_id      INTEGER NOT NULL,
        interaction_id INTEGER NOT NULL,
        at             INTEGER NOT NULL,
        due_at         INTEGER NOT NULL,
        detail         TEXT NOT NULL DEFAULT '',
        done_at        INTEGER,
        done_by        TEXT,
        UNIQUE (kind, interaction_id)
    );
    CREATE INDEX IF NOT EXISTS moment_open ON moment (kind, due_at) WHERE done_at IS NULL;
    CREATE INDEX IF NOT EXISTS moment_person ON moment (person_id);
    CREATE TABLE IF NOT EXISTS moment_state (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        through INTEGER NOT NULL
    );
    INSERT OR IGNORE INTO moment_state (id, through)
        SELECT 1, coalesce(max(id), 0) FROM interaction;
    ",
    // 17: one answer-target rule — a detractor's complaint earns the short
    // target as a true fan's messages do. The queue's `vip` flag is per
    // message: set it on the complaints (base 40) of detractors (label
    // bit 8) queued so far.
    "
    UPDATE inbox_queue SET vip = 1
    WHERE vip = 0 AND base = 40
      AND person_id IN (SELECT person_id FROM person_score WHERE labels & 8 <> 0);
    -- Each user's visits to the inbox, for new-since-my-last-visit:
    -- the current visit's latest moment and the visit before it.
    ALTER TABLE app_user ADD COLUMN inbox_seen_at INTEGER;
    ALTER TABLE app_user ADD COLUMN inbox_seen_before INTEGER;
    ",
    // 18: full-text search over messages, people, handles and emails
    // (see `search`): one contentless FTS5 index with the trigram
    // tokenizer, which needs no word breaks (Thai writes none, German
    // composes words) and folds case and Latin diacritics. A row id
    // names its source: 4 × id + 0 a message's words, + 1 an identity
    // (handle, display name, email), + 3 a person (name and addresses).
    // People, identities and addresses are few and kept by triggers;
    // messages are many and indexed after the fact, up to the mark in
    // `search_state`, before each search — an import does not pay for it.
    "
    CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5(
        body, tokenize = 'trigram remove_diacritics 1', content = '', contentless_delete = 1
    );
    -- A deleted row (a person forgotten) leaves nothing of its words in
    -- the index's pages.
    INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1);
    CREATE TABLE IF NOT EXISTS search_state (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        through INTEGER NOT NULL
    );
    INSERT OR IGNORE INTO search_state (id, through) VALUES (1, 0);
    INSERT INTO search_index (rowid, body)
        SELECT id * 4 + 1, handle || ' ' || coalesce(display_name, '') || ' ' || coalesce(email, '')
        FROM identity;
    INSERT INTO search_index (rowid, body)
        SELECT p.id * 4 + 3, p.name || ' ' || coalesce(
            (SELECT group_concat(e.address, ' ') FROM email e WHERE e.person_id = p.id), '')
        FROM person p;
    CREATE TRIGGER IF NOT EXISTS search_identity_in AFTER INSERT ON identity BEGIN
        INSERT INTO search_index (rowid, body) VALUES (NEW.id * 4 + 1,
            NEW.handle || ' ' || coalesce(NEW.display_name, '') || ' ' || coalesce(NEW.email, ''));
    END;
    CREATE TRIGGER IF NOT EXISTS search_identity_change
    AFTER UPDATE OF handle, display_name, email ON identity BEGIN
        DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
        INSERT INTO search_index (rowid, body) VALUES (NEW.id * 4 + 1,
            NEW.handle || ' ' || coalesce(NEW.display_name, '') || ' ' || coalesce(NEW.email, ''));
    END;
    CREATE TRIGGER IF NOT EXISTS search_identity_out AFTER DELETE ON identity BEGIN
        DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
    END;
    CREATE TRIGGER IF NOT EXISTS search_person_in AFTER INSERT ON person BEGIN
        DELETE FROM search_index WHERE rowid = NEW.id * 4 + 3;
        INSERT INTO search_index (rowid, body)
            SELECT p.id * 4 + 3, p.name || ' ' || coalesce(
                (SELECT group_concat(e.address, ' ') FROM email e WHERE e.person_id = p.id), '')
            FROM person p WHERE p.id = NEW.id;
    END;
    CREATE TRIGGER IF NOT EXISTS search_person_change AFTER UPDATE OF name ON person BEGIN
        DELETE FROM search_index WHERE rowid = NEW.id * 4 + 3;
        INSERT INTO search_index (rowid, body)
            SELECT p.id * 4 + 3, p.name || ' ' || coalesce(
                (SELECT group_concat(e.address, ' ') FROM email e WHERE e.person_id = p.id), '')
            FROM person p WHERE p.id = NEW.id;
    END;
    CREATE TRIGGER IF NOT EXISTS search_person_out AFTER DELETE ON person BEGIN
        DELETE FROM search_index WHERE rowid = OLD.id * 4 + 3;
    END;
    CREATE TRIGGER IF NOT EXISTS search_email_in AFTER INSERT ON email BEGIN
        DELETE FROM search_index WHERE rowid = NEW.person_id * 4 + 3;
        INSERT INTO search_index (rowid, body)
            SELECT p.id * 4 + 3, p.name || ' ' || coalesce(
                (SELECT group_concat(e.address, ' ') FROM email e WHERE e.person_id = p.id), '')
            FROM person p WHERE p.id = NEW.person_id;
    END;
    CREATE TRIGGER IF NOT EXISTS search_email_move AFTER UPDATE OF person_id ON email BEGIN
        DELETE FROM search_index WHERE rowid = OLD.person_id * 4 + 3;
        INSERT INTO search_index (rowid, body)
            SELECT p.id * 4 + 3, p.name || ' ' || coalesce(
                (SELECT group_concat(e.address, ' ') FROM email e WHERE e.person_id = p.id), '')
            FROM person p WHERE p.id = OLD.person_id;
        DELETE FROM search_index WHERE rowid = NEW.person_id * 4 + 3;
        INSERT INTO search_index (rowid, body)
            SELECT p.id * 4 + 3, p.name || ' ' || coalesce(
                (SELECT group_concat(e.address, ' ') FROM email e WHERE e.person_id = p.id), '')
            FROM person p WHERE p.id = NEW.person_id;
    END;
    CREATE TRIGGER IF NOT EXISTS search_email_out AFTER DELETE ON email BEGIN
        DELETE FROM search_index WHERE rowid = OLD.person_id * 4 + 3;
        INSERT INTO search_index (rowid, body)
            SELECT p.id * 4 + 3, p.name || ' ' || coalesce(
                (SELECT group_concat(e.address, ' ') FROM email e WHERE e.person_id = p.id), '')
            FROM person p WHERE p.id = OLD.person_id;
    END;
    CREATE TRIGGER IF NOT EXISTS search_text_out AFTER DELETE ON interaction_text BEGIN
        DELETE FROM search_index WHERE rowid = OLD.interaction_id * 4;
    END;
    CREATE TRIGGER IF NOT EXISTS search_text_change AFTER UPDATE OF text ON interaction_text BEGIN
        DELETE FROM search_index WHERE rowid = OLD.interaction_id * 4;
        INSERT INTO search_index (rowid, body)
            SELECT NEW.interaction_id * 4, NEW.text
            WHERE NEW.interaction_id <= (SELECT through FROM search_state WHERE id = 1);
    END;
    ",
    // 19: every alert can be done, snoozed or dismissed, with a reason.
    // Moments keep theirs on their row; an alert about a person's place
    // on the ladder keeps it per kind and person with the cause it was
    // decided on: when the cause changes (a new fall, another mismatch)
    // the alert is raised again.
    "
    ALTER TABLE moment ADD COLUMN snoozed_until INTEGER;
    ALTER TABLE moment ADD COLUMN dismissed INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE moment ADD COLUMN reason TEXT;
    CREATE TABLE IF NOT EXISTS alert_decision (
        kind      TEXT NOT NULL,
        person_id INTEGER NOT NULL,
        state     TEXT NOT NULL,
        until     INTEGER,
        cause     TEXT NOT NULL,
        reason    TEXT,
        actor     TEXT NOT NULL,
        at        INTEGER NOT NULL,
        PRIMARY KEY (kind, person_id)
    ) WITHOUT ROWID;
    ",
    // 20: cohorts as a workflow. A member can be given up on (a cohort is
    // done when each member moved up, became a fan or was given up on);
    // each keeps why they were picked and the question of theirs still
    // open when planned (answer it first). The status list grows, so the
    // table is rebuilt.
    "
    CREATE TABLE cohort_member_next (
        cohort_id     INTEGER NOT NULL REFERENCES cohort (id),
        person_id     INTEGER NOT NULL,
        position      INTEGER NOT NULL,
        stage_at_plan TEXT NOT NULL,
        affinity      REAL NOT NULL,
        topic         TEXT,
        opener        TEXT NOT NULL,
        status        TEXT NOT NULL DEFAULT 'planned'
                      CHECK (status IN ('planned', 'contacted', 'answered', 'moved_up',
                                        'graduated', 'given_up')),
        contacted_at  INTEGER,
        answered_at   INTEGER,
        moved_up_at   INTEGER,
        graduated_at  INTEGER,
        given_up_at   INTEGER,
        why           TEXT NOT NULL DEFAULT '',
        question_id   INTEGER,
        PRIMARY KEY (cohort_id, person_id)
    );
    INSERT INTO cohort_member_next (cohort_id, person_id, position, stage_at_plan, affinity,
            topic, opener, status, contacted_at, answered_at, moved_up_at, graduated_at)
        SELECT cohort_id, person_id, position, stage_at_plan, affinity, topic, opener, status,
               contacted_at, answered_at, moved_up_at, graduated_at
        FROM cohort_member;
    DROP TABLE cohort_member;
    ALTER TABLE cohort_member_next RENAME TO cohort_member;
    CREATE INDEX IF NOT EXISTS cohort_member_person ON cohort_member (person_id);
    ",
    // 21: each user's own settings: the dashboard's language (none: the
    // browser's) and whether they get the daily mail of what is overdue.
    "
    ALTER TABLE app_user ADD COLUMN language TEXT;
    ALTER TABLE app_user ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
    ",
    // 22: the queue knows its stock phrases ("Nice post 👍"), so the inbox
    // with them folded away — the dashboard's default — walks the queue's
    // order like the unfiltered one, and counts them from a small index.
    "
    ALTER TABLE inbox_queue ADD COLUMN generic INTEGER NOT NULL DEFAULT 0;
    UPDATE inbox_queue SET generic = 1
    WHERE interaction_id IN (SELECT id FROM interaction WHERE coalesce(signals, 0) & 1 <> 0);
    CREATE INDEX IF NOT EXISTS inbox_queue_stock ON inbox_queue (rank, at) WHERE generic = 1;
    ",
    // 23: people, identities and addresses join the search index after
    // the fact too, like messages: a write only notes which index row is
    // out of date (`search_dirty`, FTS row ids), and the next search
    // rewrites those rows first. Writing the index inside an import's
    // transaction made SQLite flush FTS5's pending terms at every later
    // statement (a statement savepoint syncs every virtual table the
    // transaction touched), a third of a large import's time. Deletes
    // still reach the index at once: a forgotten person's words leave it
    // in the same transaction.
    "
    CREATE TABLE IF NOT EXISTS search_dirty (row INTEGER PRIMARY KEY) WITHOUT ROWID;
    DROP TRIGGER IF EXISTS search_identity_in;
    DROP TRIGGER IF EXISTS search_identity_change;
    DROP TRIGGER IF EXISTS search_person_in;
    DROP TRIGGER IF EXISTS search_person_change;
    DROP TRIGGER IF EXISTS search_email_in;
    DROP TRIGGER IF EXISTS search_email_move;
    CREATE TRIGGER IF NOT EXISTS search_dirty_identity_in AFTER INSERT ON identity BEGIN
        INSERT OR IGNORE INTO search_dirty (row) VALUES (NEW.id * 4 + 1);
    END;
    CREATE TRIGGER IF NOT EXISTS search_dirty_identity
    AFTER UPDATE OF handle, display_name, email ON identity BEGIN
        INSERT OR IGNORE INTO search_dirty (row) VALUES (NEW.id * 4 + 1);
    END;
    CREATE TRIGGER IF NOT EXISTS search_dirty_person_in AFTER INSERT ON person BEGIN
        INSERT OR IGNORE INTO search_dirty (row) VALUES (NEW.id * 4 + 3);
    END;
    CREATE TRIGGER IF NOT EXISTS search_dirty_person AFTER UPDATE OF name ON person BEGIN
        INSERT OR IGNORE INTO search_dirty (row) VALUES (NEW.id * 4 + 3);
    END;
    CREATE TRIGGER IF NOT EXISTS search_dirty_email_in AFTER INSERT ON email BEGIN
        INSERT OR IGNORE INTO search_dirty (row) VALUES (NEW.person_id * 4 + 3);
    END;
    CREATE TRIGGER IF NOT EXISTS search_dirty_email_move AFTER UPDATE OF person_id ON email BEGIN
        INSERT OR IGNORE INTO search_dirty (row) VALUES (OLD.person_id * 4 + 3);
        INSERT OR IGNORE INTO search_dirty (row) VALUES (NEW.person_id * 4 + 3);
    END;
    ",
    // 24: what the team taught the analyzer (corrections of single
    // readings and labelled examples) and the shop's layer trained from
    // them (see `corrections`). A correction of a message goes with the
    // message.
    "
    CREATE TABLE IF NOT EXISTS correction (
        id             INTEGER PRIMARY KEY,
        task           TEXT NOT NULL CHECK (task IN ('sentiment', 'intent')),
        interaction_id INTEGER,
        text           TEXT,
        label          TEXT NOT NULL,
        class          TEXT NOT NULL,
        source         TEXT NOT NULL CHECK (source IN ('dashboard', 'api', 'learn')),
        actor          TEXT NOT NULL,
        created_at     INTEGER NOT NULL,
        CHECK ((interaction_id IS NULL) <> (text IS NULL))
    );
    CREATE INDEX IF NOT EXISTS correction_interaction ON correction (interaction_id)
        WHERE interaction_id IS NOT NULL;
    CREATE TRIGGER IF NOT EXISTS correction_gone AFTER DELETE ON interaction BEGIN
        DELETE FROM correction WHERE interaction_id = OLD.id;
    END;
    CREATE TABLE IF NOT EXISTS shop_layer (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        model       BLOB NOT NULL,
        corrections INTEGER NOT NULL,
        trained_at  INTEGER NOT NULL,
        revision    INTEGER NOT NULL
    );
    ",
    // 25: the job queue (`crate::jobs`): work that outlives a request,
    // claimed by whichever process runs jobs. At most one job per key
    // waits or runs; claims look for due jobs by state and time.
    "
    CREATE TABLE IF NOT EXISTS job (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL,
        payload     TEXT NOT NULL,
        job_key     TEXT,
        state       TEXT NOT NULL,
        attempts    INTEGER NOT NULL,
        created_at  INTEGER NOT NULL,
        run_after   INTEGER NOT NULL,
        worker      TEXT,
        lease_until INTEGER,
        finished_at INTEGER,
        outcome     TEXT
    );
    CREATE UNIQUE INDEX IF NOT EXISTS job_waiting_key ON job (job_key)
        WHERE state IN ('queued', 'running');
    CREATE INDEX IF NOT EXISTS job_due ON job (state, run_after);
    ",
    // 26: a job's short description for lists (an import's file, format
    // and sender), apart from its payload. (The login and rate counters
    // of the same change live in a database of their own: see
    // `open_limits`.)
    "
    ALTER TABLE job ADD COLUMN about TEXT;
    CREATE INDEX IF NOT EXISTS job_kind ON job (kind, id);
    ",
    // 27: the open stock phrases counted as they come and go, so folding
    // them away and grouping them per post read a few rows however many
    // wait. Each queue row carries its message's channel and post (an
    // index walks one post's stock phrases oldest first); `inbox_count`
    // counts the stock phrases among each of its counts (`stock`); and
    // `stock_count` holds how many wait per post (`has_post` 0: said
    // outside any post, `post` then ''). The triggers keep both, whoever
    // writes the queue. Filled from the queue as it stands.
    "
    ALTER TABLE inbox_queue ADD COLUMN channel TEXT;
    ALTER TABLE inbox_queue ADD COLUMN post_id TEXT;
    UPDATE inbox_queue SET channel = i.channel, post_id = i.post_id
    FROM interaction i WHERE i.id = inbox_queue.interaction_id;
    CREATE INDEX IF NOT EXISTS inbox_queue_stock_post
        ON inbox_queue (channel, post_id, at, interaction_id) WHERE generic = 1;
    ALTER TABLE inbox_count ADD COLUMN stock INTEGER NOT NULL DEFAULT 0;
    UPDATE inbox_count SET stock = g.k
    FROM (SELECT rank, base, vip, count(*) AS k FROM inbox_queue WHERE generic = 1
          GROUP BY rank, base, vip) g
    WHERE inbox_count.rank = g.rank AND inbox_count.base = g.base AND inbox_count.vip = g.vip;
    CREATE TABLE IF NOT EXISTS stock_count (
        channel  TEXT NOT NULL,
        has_post INTEGER NOT NULL,
        post     TEXT NOT NULL,
        n        INTEGER NOT NULL,
        PRIMARY KEY (channel, has_post, post)
    ) WITHOUT ROWID;
    INSERT INTO stock_count (channel, has_post, post, n)
    SELECT channel, CASE WHEN post_id IS NULL THEN 0 ELSE 1 END, coalesce(post_id, ''), count(*)
    FROM inbox_queue WHERE generic = 1
    GROUP BY channel, CASE WHEN post_id IS NULL THEN 0 ELSE 1 END, coalesce(post_id, '');
    DROP TRIGGER IF EXISTS inbox_queue_in;
    DROP TRIGGER IF EXISTS inbox_queue_out;
    DROP TRIGGER IF EXISTS inbox_queue_change;
    CREATE TRIGGER inbox_queue_in AFTER INSERT ON inbox_queue BEGIN
        INSERT INTO inbox_count (rank, base, vip, n, stock)
        VALUES (NEW.rank, NEW.base, NEW.vip, 1, NEW.generic)
        ON CONFLICT (rank, base, vip) DO UPDATE SET n = n + 1, stock = stock + excluded.stock;
        INSERT INTO stock_count (channel, has_post, post, n)
        SELECT NEW.channel, CASE WHEN NEW.post_id IS NULL THEN 0 ELSE 1 END,
               coalesce(NEW.post_id, ''), 1
        WHERE NEW.generic = 1
        ON CONFLICT (channel, has_post, post) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER inbox_queue_out AFTER DELETE ON inbox_queue BEGIN
        UPDATE inbox_count SET n = n - 1, stock = stock - OLD.generic
        WHERE rank = OLD.rank AND base = OLD.base AND vip = OLD.vip;
        UPDATE stock_count SET n = n - 1
        WHERE OLD.generic = 1 AND channel = OLD.channel
          AND has_post = CASE WHEN OLD.post_id IS NULL THEN 0 ELSE 1 END
          AND post = coalesce(OLD.post_id, '');
    END;
    CREATE TRIGGER inbox_queue_change
        AFTER UPDATE OF rank, base, vip, generic ON inbox_queue BEGIN
        UPDATE inbox_count SET n = n - 1, stock = stock - OLD.generic
        WHERE rank = OLD.rank AND base = OLD.base AND vip = OLD.vip;
        INSERT INTO inbox_count (rank, base, vip, n, stock)
        VALUES (NEW.rank, NEW.base, NEW.vip, 1, NEW.generic)
        ON CONFLICT (rank, base, vip) DO UPDATE SET n = n + 1, stock = stock + excluded.stock;
    END;
    CREATE TRIGGER inbox_queue_stock_change
        AFTER UPDATE OF generic, channel, post_id ON inbox_queue BEGIN
        UPDATE stock_count SET n = n - 1
        WHERE OLD.generic = 1 AND channel = OLD.channel
          AND has_post = CASE WHEN OLD.post_id IS NULL THEN 0 ELSE 1 END
          AND post = coalesce(OLD.post_id, '');
        INSERT INTO stock_count (channel, has_post, post, n)
        SELECT NEW.channel, CASE WHEN NEW.post_id IS NULL THEN 0 ELSE 1 END,
               coalesce(NEW.post_id, ''), 1
        WHERE NEW.generic = 1
        ON CONFLICT (channel, has_post, post) DO UPDATE SET n = n + 1;
    END;
    ",
    // 28: which analyzer and signal rules the stored readings were made
    // with (`crate::shared::corrections::readings_version`): a build that
    // reads otherwise reads every stored text again when it opens the
    // store. A store from before has none: its readings are re-made once.
    "
    CREATE TABLE IF NOT EXISTS readings_state (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        version TEXT NOT NULL
    );
    ",
    // 29: each queue row carries its message's signals, so the inbox's
    // filters by what a message says (a complaint, a question, a stock
    // phrase) and by channel or post read the queue alone, not every
    // queued message's row. A trigger keeps them when a message is read
    // again, whoever reads it.
    "
    ALTER TABLE inbox_queue ADD COLUMN signals INTEGER NOT NULL DEFAULT 0;
    UPDATE inbox_queue SET signals = coalesce(i.signals, 0)
    FROM interaction i WHERE i.id = inbox_queue.interaction_id;
    CREATE TRIGGER IF NOT EXISTS queue_signals
        AFTER UPDATE OF signals ON interaction
        WHEN OLD.signals IS NOT NEW.signals BEGIN
        UPDATE inbox_queue SET signals = coalesce(NEW.signals, 0)
        WHERE interaction_id = NEW.id;
    END;
    ",
    // 30: each queue row carries its message's language too, so the
    // inbox's language filter reads the queue alone. Written when the
    // message is queued and whenever its analysis is written again
    // (`write::queue_languages`); NULL for a message with no words.
    "
    ALTER TABLE inbox_queue ADD COLUMN language TEXT;
    UPDATE inbox_queue SET language = a.language
    FROM analysis a WHERE a.interaction_id = inbox_queue.interaction_id;
    ",
];

/// The tables of what several servers on one database count together
/// (`crate::limits`): failed and pending logins per key, and the API
/// tokens' request buckets.
pub const LIMITS: &str = "
    CREATE TABLE IF NOT EXISTS login_attempt (
        login_key TEXT NOT NULL,
        at        INTEGER NOT NULL,
        attempt   TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS login_attempt_key ON login_attempt (login_key, at);
    CREATE INDEX IF NOT EXISTS login_attempt_id ON login_attempt (attempt);
    CREATE TABLE IF NOT EXISTS rate_bucket (
        bucket TEXT PRIMARY KEY,
        held   REAL NOT NULL,
        at     REAL NOT NULL
    );
";

/// Opens the counters' database beside the store at `path`
/// (`PATH-limits`; a private in-memory one for `:memory:`), creating its
/// tables ([`LIMITS`]).
///
/// Why a file of its own: every API request takes from its token's
/// bucket, a write. In the store's file that write would wait for the
/// one writer (behind an import's batch), and each commit would move the
/// database's version — so no view would be remembered between two
/// requests — and empty every read connection's page cache. In a file of
/// its own it waits for nothing but other counters, and the store's
/// readers never notice it. Several servers on one SQLite file open the
/// same counters file, so they count together. Nothing in it needs a
/// backup: it holds the last minute's login attempts and the tokens'
/// buckets.
pub fn open_limits(path: &str) -> Result<Connection, StoreError> {
    let conn = if path == ":memory:" || path.is_empty() {
        Connection::open_in_memory()?
    } else {
        Connection::open(format!("{path}-limits"))?
    };
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // Check and reserve in one write transaction, across processes.
    let mut conn = conn;
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    // WAL if the file can be switched now (another process opening it at
    // the same moment may hold it; the default journal works as well).
    let _ = conn.pragma_update(None, "journal_mode", "WAL");
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch(LIMITS)?;
    Ok(conn)
}

/// The migration (its number, from 1) after whose SQL the stored bios are
/// read into `bio_handle`: parsing bios needs Rust, not SQL.
const BIO_HANDLES: usize = 10;

/// The migration that brought the views' state derived from the stored
/// rows (threads, answers, the queue, the report's days): upgrading past
/// it derives that state once every migration has run.
const DERIVED: usize = 12;

/// The SQL of migration `n` (from 1), for tests that redo one.
pub fn migration_sql(n: usize) -> Option<&'static str> {
    n.checked_sub(1).and_then(|i| MIGRATIONS.get(i)).copied()
}

/// Applies the migrations the database has not seen yet.
///
/// The version is read inside an immediate (write-locked) transaction, so
/// two processes opening a new database at once do not both migrate it.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_to(conn, MIGRATIONS.len())
}

/// Applies the migrations up to `version` (the database as that version
/// of the schema left it: upgrade tests start from one).
pub fn migrate_to(conn: &mut Connection, version: usize) -> Result<(), StoreError> {
    let supported = version.min(MIGRATIONS.len()) as i64;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let applied: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if applied > supported {
        return Err(StoreError::TooNew {
            found: applied,
            supported,
        });
    }
    let wanted = MIGRATIONS.iter().enumerate().take(supported as usize);
    let mut derive = false;
    for (n, sql) in wanted.skip(applied as usize) {
        tx.execute_batch(sql)?;
        if n + 1 == BIO_HANDLES {
            crate::shared::links::record_all_bios(&tx)?;
        }
        derive |= n + 1 == DERIVED;
    }
    // The views' state is derived by today's code, so once the schema is
    // today's too (later migrations add columns it writes); a database
    // stopped short of it (upgrade tests) holds what its rows were
    // written with.
    if derive && supported as usize == MIGRATIONS.len() {
        super::derived::rebuild(&tx)?;
    }
    if applied < supported {
        tx.pragma_update(None, "user_version", supported)?;
    }
    tx.commit()?;
    Ok(())
}

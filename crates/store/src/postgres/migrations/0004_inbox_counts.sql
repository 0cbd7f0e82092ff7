-- The queue's counts per (rank, base, vip) kept once per statement, not
-- once per row. A row trigger moves the same few `inbox_count` rows once
-- per queue row; in one transaction each such update leaves a row version
-- the next must step over, so judging everyone again (which re-ranks tens
-- of thousands of queued messages in two statements) spent 116 s of its
-- 131 s there at 1M interactions. A statement trigger reads what the
-- statement changed (its transition tables) and moves each count once.
-- The counts come out as the row triggers left them: a count that falls
-- to zero keeps its row, and an update that leaves a message's rank,
-- base and VIP flag as they were moves nothing.

DROP TRIGGER inbox_queue_in ON inbox_queue;
DROP TRIGGER inbox_queue_out ON inbox_queue;
DROP TRIGGER inbox_queue_change ON inbox_queue;
DROP FUNCTION inbox_counts();

CREATE FUNCTION inbox_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO inbox_count (rank, base, vip, n)
    SELECT rank, base, vip, count(*) FROM added GROUP BY rank, base, vip
    ON CONFLICT (rank, base, vip) DO UPDATE SET n = inbox_count.n + excluded.n;
    RETURN NULL;
END $$;

CREATE FUNCTION inbox_counts_take() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inbox_count c SET n = c.n - g.k
    FROM (SELECT rank, base, vip, count(*) AS k FROM taken GROUP BY rank, base, vip) g
    WHERE c.rank = g.rank AND c.base = g.base AND c.vip = g.vip;
    RETURN NULL;
END $$;

CREATE FUNCTION inbox_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inbox_count c SET n = c.n - g.k
    FROM (SELECT o.rank, o.base, o.vip, count(*) AS k
          FROM taken o JOIN added a ON a.interaction_id = o.interaction_id
          WHERE o.rank <> a.rank OR o.base <> a.base OR o.vip <> a.vip
          GROUP BY o.rank, o.base, o.vip) g
    WHERE c.rank = g.rank AND c.base = g.base AND c.vip = g.vip;
    INSERT INTO inbox_count (rank, base, vip, n)
    SELECT a.rank, a.base, a.vip, count(*)
    FROM taken o JOIN added a ON a.interaction_id = o.interaction_id
    WHERE o.rank <> a.rank OR o.base <> a.base OR o.vip <> a.vip
    GROUP BY a.rank, a.base, a.vip
    ON CONFLICT (rank, base, vip) DO UPDATE SET n = inbox_count.n + excluded.n;
    RETURN NULL;
END $$;

CREATE TRIGGER inbox_queue_in AFTER INSERT ON inbox_queue
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION inbox_counts_add();
CREATE TRIGGER inbox_queue_out AFTER DELETE ON inbox_queue
    REFERENCING OLD TABLE AS taken
    FOR EACH STATEMENT EXECUTE FUNCTION inbox_counts_take();
CREATE TRIGGER inbox_queue_change AFTER UPDATE ON inbox_queue
    REFERENCING OLD TABLE AS taken NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION inbox_counts_move();

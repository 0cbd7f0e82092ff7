-- The queue's counts move by what an UPDATE added less what it took, per
-- count: a row whose rank, base, VIP flag and stock flag (or, for
-- `stock_count`, channel and post) stayed nets nothing and changes no
-- count. Before, the trigger joined the statement's old and new rows to
-- find the rows that moved; PL/pgSQL keeps the plan it made at the first
-- call, when a statement changed a row or two, so on a large statement
-- it walked the two tables nested, in time quadratic in the rows changed
-- (4.5 s of a 100k-interaction import re-ranking 4,905 queued messages).
-- Without a join there is no such plan to keep.

CREATE OR REPLACE FUNCTION inbox_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO inbox_count (rank, base, vip, n, stock)
    SELECT rank, base, vip, sum(d), sum(d * generic)
    FROM (SELECT rank, base, vip, generic, -1 AS d FROM taken
          UNION ALL
          SELECT rank, base, vip, generic, 1 AS d FROM added) moved
    GROUP BY rank, base, vip
    HAVING sum(d) <> 0 OR sum(d * generic) <> 0
    ON CONFLICT (rank, base, vip) DO UPDATE
        SET n = inbox_count.n + excluded.n, stock = inbox_count.stock + excluded.stock;
    INSERT INTO stock_count (channel, has_post, post, n)
    SELECT channel, CASE WHEN post_id IS NULL THEN 0 ELSE 1 END, coalesce(post_id, ''), sum(d)
    FROM (SELECT channel, post_id, -1 AS d FROM taken WHERE generic = 1
          UNION ALL
          SELECT channel, post_id, 1 AS d FROM added WHERE generic = 1) moved
    GROUP BY 1, 2, 3
    HAVING sum(d) <> 0
    ON CONFLICT (channel, has_post, post) DO UPDATE SET n = stock_count.n + excluded.n;
    RETURN NULL;
END $$;

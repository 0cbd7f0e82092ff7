-- The open stock phrases counted as they come and go (SQLite's migration
-- 27): each queue row carries its message's channel and post, an index
-- walks one post's stock phrases oldest first, `inbox_count` counts the
-- stock phrases among each of its counts (`stock`), and `stock_count`
-- holds how many wait per post (`has_post` 0: said outside any post,
-- `post` then ''). Kept by the queue's statement triggers, filled from
-- the queue as it stands.

ALTER TABLE inbox_queue ADD COLUMN channel TEXT;
ALTER TABLE inbox_queue ADD COLUMN post_id TEXT;
UPDATE inbox_queue q SET channel = i.channel, post_id = i.post_id
FROM interaction i WHERE i.id = q.interaction_id;
CREATE INDEX inbox_queue_stock_post
        ON inbox_queue (channel, post_id, at, interaction_id) WHERE generic = 1;

ALTER TABLE inbox_count ADD COLUMN stock BIGINT NOT NULL DEFAULT 0;
UPDATE inbox_count c SET stock = g.k
FROM (SELECT rank, base, vip, count(*) AS k FROM inbox_queue WHERE generic = 1
      GROUP BY rank, base, vip) g
WHERE c.rank = g.rank AND c.base = g.base AND c.vip = g.vip;

CREATE TABLE stock_count (
        channel  TEXT NOT NULL,
        has_post BIGINT NOT NULL,
        post     TEXT NOT NULL,
        n        BIGINT NOT NULL,
        PRIMARY KEY (channel, has_post, post)
);
INSERT INTO stock_count (channel, has_post, post, n)
SELECT channel, CASE WHEN post_id IS NULL THEN 0 ELSE 1 END, coalesce(post_id, ''), count(*)
FROM inbox_queue WHERE generic = 1
GROUP BY channel, CASE WHEN post_id IS NULL THEN 0 ELSE 1 END, coalesce(post_id, '');

CREATE OR REPLACE FUNCTION inbox_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO inbox_count (rank, base, vip, n, stock)
    SELECT rank, base, vip, count(*), sum(generic) FROM added GROUP BY rank, base, vip
    ON CONFLICT (rank, base, vip) DO UPDATE
        SET n = inbox_count.n + excluded.n, stock = inbox_count.stock + excluded.stock;
    INSERT INTO stock_count (channel, has_post, post, n)
    SELECT channel, CASE WHEN post_id IS NULL THEN 0 ELSE 1 END, coalesce(post_id, ''),
           count(*)
    FROM added WHERE generic = 1
    GROUP BY channel, CASE WHEN post_id IS NULL THEN 0 ELSE 1 END, coalesce(post_id, '')
    ON CONFLICT (channel, has_post, post) DO UPDATE SET n = stock_count.n + excluded.n;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION inbox_counts_take() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inbox_count c SET n = c.n - g.k, stock = c.stock - g.s
    FROM (SELECT rank, base, vip, count(*) AS k, sum(generic) AS s
          FROM taken GROUP BY rank, base, vip) g
    WHERE c.rank = g.rank AND c.base = g.base AND c.vip = g.vip;
    UPDATE stock_count c SET n = c.n - g.k
    FROM (SELECT channel, CASE WHEN post_id IS NULL THEN 0 ELSE 1 END AS has_post,
                 coalesce(post_id, '') AS post, count(*) AS k
          FROM taken WHERE generic = 1
          GROUP BY 1, 2, 3) g
    WHERE c.channel = g.channel AND c.has_post = g.has_post AND c.post = g.post;
    RETURN NULL;
END $$;

-- A row moves in `inbox_count` when its rank, base, VIP flag or stock
-- flag changed, and in `stock_count` when its stock flag, channel or
-- post did.
CREATE OR REPLACE FUNCTION inbox_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inbox_count c SET n = c.n - g.k, stock = c.stock - g.s
    FROM (SELECT o.rank, o.base, o.vip, count(*) AS k, sum(o.generic) AS s
          FROM taken o JOIN added a ON a.interaction_id = o.interaction_id
          WHERE o.rank <> a.rank OR o.base <> a.base OR o.vip <> a.vip
             OR o.generic <> a.generic
          GROUP BY o.rank, o.base, o.vip) g
    WHERE c.rank = g.rank AND c.base = g.base AND c.vip = g.vip;
    INSERT INTO inbox_count (rank, base, vip, n, stock)
    SELECT a.rank, a.base, a.vip, count(*), sum(a.generic)
    FROM taken o JOIN added a ON a.interaction_id = o.interaction_id
    WHERE o.rank <> a.rank OR o.base <> a.base OR o.vip <> a.vip OR o.generic <> a.generic
    GROUP BY a.rank, a.base, a.vip
    ON CONFLICT (rank, base, vip) DO UPDATE
        SET n = inbox_count.n + excluded.n, stock = inbox_count.stock + excluded.stock;
    UPDATE stock_count c SET n = c.n - g.k
    FROM (SELECT o.channel, CASE WHEN o.post_id IS NULL THEN 0 ELSE 1 END AS has_post,
                 coalesce(o.post_id, '') AS post, count(*) AS k
          FROM taken o JOIN added a ON a.interaction_id = o.interaction_id
          WHERE o.generic = 1
            AND (a.generic <> 1 OR a.channel IS DISTINCT FROM o.channel
                 OR a.post_id IS DISTINCT FROM o.post_id)
          GROUP BY 1, 2, 3) g
    WHERE c.channel = g.channel AND c.has_post = g.has_post AND c.post = g.post;
    INSERT INTO stock_count (channel, has_post, post, n)
    SELECT a.channel, CASE WHEN a.post_id IS NULL THEN 0 ELSE 1 END, coalesce(a.post_id, ''),
           count(*)
    FROM taken o JOIN added a ON a.interaction_id = o.interaction_id
    WHERE a.generic = 1
      AND (o.generic <> 1 OR a.channel IS DISTINCT FROM o.channel
           OR a.post_id IS DISTINCT FROM o.post_id)
    GROUP BY 1, 2, 3
    ON CONFLICT (channel, has_post, post) DO UPDATE SET n = stock_count.n + excluded.n;
    RETURN NULL;
END $$;

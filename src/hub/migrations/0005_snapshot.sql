-- Hub schema v5: a register joins from a snapshot (issue 16).
--
-- A new register used to read the whole feed from its first row: every change ever
-- accepted, a customer edited ten times downloaded ten times. It now reads the
-- authority's state at one moment (live groups, customers and their notes) and then
-- the feed after that moment's mark.
--
-- Why the mark is exact: the register reads the mark and every page in ONE transaction
-- at REPEATABLE READ, so they all see the same committed state. Each accepting
-- transaction writes its customer (or group, or note) and its feed row together, and
-- feed ids are handed out under the feed lock (see hub.publish in v1): whenever id N
-- is visible, every id below it is visible or was rolled back. So the state seen is
-- exactly the feed's rows up to the mark, and a change committing later has a higher
-- id, read after the snapshot.

-- The highest feed id visible to the caller's snapshot.
CREATE FUNCTION hub.snapshot_mark()
RETURNS bigint
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
    SELECT COALESCE(max(id), 0) FROM hub.feed;
$$;

-- The live groups, shaped as their feed rows.
CREATE FUNCTION hub.snapshot_groups()
RETURNS TABLE (payload jsonb)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
    SELECT jsonb_build_object('name', g.name, 'discount', g.discount, 'deleted', false)
    FROM hub.customer_group g
    WHERE NOT g.deleted
    ORDER BY g.key;
$$;

-- The live customers after `p_after` in id order, at most `p_max` (capped at 5000),
-- shaped as their feed rows.
CREATE FUNCTION hub.snapshot_customers(p_after uuid, p_max int)
RETURNS TABLE (id uuid, payload jsonb)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
    SELECT c.id, jsonb_build_object('id', c.id, 'deleted', false, 'data', c.data)
    FROM hub.customer c
    WHERE c.id > p_after AND NOT c.deleted
    ORDER BY c.id
    LIMIT least(greatest(p_max, 0), 5000);
$$;

-- The notes of live customers after `p_after` in id order, at most `p_max` (capped at
-- 5000), shaped as their feed rows.
CREATE FUNCTION hub.snapshot_notes(p_after uuid, p_max int)
RETURNS TABLE (id uuid, payload jsonb)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
    SELECT n.id, jsonb_build_object('id', n.id, 'customer', n.customer_id,
        'author', n.author, 'body', n.body, 'created_at', n.created_at)
    FROM hub.customer_note n
    JOIN hub.customer c ON c.id = n.customer_id AND NOT c.deleted
    WHERE n.id > p_after
    ORDER BY n.id
    LIMIT least(greatest(p_max, 0), 5000);
$$;

-- A register added from now on may call the snapshot's functions too.
CREATE OR REPLACE FUNCTION hub.add_register(p_code text, p_role text, p_password text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
BEGIN
    IF p_code !~ '^[A-Za-z0-9_-]{1,32}$' THEN
        RAISE EXCEPTION 'register code % is not 1-32 letters, digits, - or _', p_code
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', p_role, p_password);
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN NOINHERIT PASSWORD %L', p_role, p_password);
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA hub TO %I', p_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION hub.upload(uuid, text, jsonb) TO %I', p_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION hub.feed_since(bigint, int) TO %I', p_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION hub.version() TO %I', p_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION hub.snapshot_mark() TO %I', p_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION hub.snapshot_groups() TO %I', p_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION hub.snapshot_customers(uuid, int) TO %I', p_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION hub.snapshot_notes(uuid, int) TO %I', p_role);
    INSERT INTO hub.register (code, role) VALUES (p_code, p_role)
    ON CONFLICT (code) DO UPDATE SET role = excluded.role;
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC;

-- The registers added before this version may call them too; add_register grants them
-- to the next ones.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT role FROM hub.register LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION hub.snapshot_mark() TO %I', r.role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION hub.snapshot_groups() TO %I', r.role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION hub.snapshot_customers(uuid, int) TO %I',
            r.role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION hub.snapshot_notes(uuid, int) TO %I', r.role);
    END LOOP;
END
$$;

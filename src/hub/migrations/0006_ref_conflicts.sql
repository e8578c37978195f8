-- Hub schema v6: the manager sees and settles reference conflicts from a register
-- (issue 16: "a duplicate card number registered offline on two registers is flagged to
-- the manager"), and the registers' grants come from one list.
--
-- A conflict (v1: a loyalty card or NFC tag claimed for a second customer) was only a
-- row in hub.ref_conflict, read with psql. A register now reads the open ones and marks
-- one settled once the manager has dealt with it (given the card back to the right
-- customer, or a new card to the other); settling is kept in hub.audit.
--
-- The functions a register role may call are listed in hub.register_function, and
-- hub.add_register grants every one of them: a later version adds its functions to
-- the list instead of rewriting add_register again.

CREATE TABLE hub.register_function (
    signature text PRIMARY KEY
);
REVOKE ALL ON hub.register_function FROM PUBLIC;
INSERT INTO hub.register_function (signature) VALUES
    ('hub.upload(uuid, text, jsonb)'),
    ('hub.feed_since(bigint, int)'),
    ('hub.version()'),
    ('hub.snapshot_mark()'),
    ('hub.snapshot_groups()'),
    ('hub.snapshot_customers(uuid, int)'),
    ('hub.snapshot_notes(uuid, int)'),
    ('hub.ref_conflicts()'),
    ('hub.settle_ref_conflict(bigint)');

-- The open conflicts, oldest first (at most 1000): the reference, the customer who
-- claimed it and lost, the customer who holds it, the register that claimed it.
CREATE FUNCTION hub.ref_conflicts()
RETURNS TABLE (id bigint, kind text, code text, customer_id uuid, owner_id uuid,
               register text, at timestamptz)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
    SELECT c.id, c.kind, c.code, c.customer_id, c.owner_id, c.register, c.at
    FROM hub.ref_conflict c
    WHERE NOT c.resolved
    ORDER BY c.id
    LIMIT 1000;
$$;

-- Marks conflict `p_id` settled by the calling register; false when there is no such
-- open conflict. The settling is kept in hub.audit.
CREATE FUNCTION hub.settle_ref_conflict(p_id bigint)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_reg text;
    v_row hub.ref_conflict;
BEGIN
    SELECT code INTO v_reg FROM hub.register WHERE role = session_user;
    IF v_reg IS NULL THEN
        RAISE EXCEPTION 'role % is not a register of this hub', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE hub.ref_conflict SET resolved = true
    WHERE id = p_id AND NOT resolved
    RETURNING * INTO v_row;
    IF v_row.id IS NULL THEN
        RETURN false;
    END IF;
    INSERT INTO hub.audit (change_id, register, customer_id, field, lost, won, reason)
    VALUES (v_row.change_id, v_reg, v_row.customer_id, 'references',
            jsonb_build_object('kind', v_row.kind, 'code', v_row.code),
            to_jsonb(v_row.owner_id::text), 'reference conflict settled');
    RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION hub.add_register(p_code text, p_role text, p_password text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    r record;
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
    -- Signatures are ours (the table above), never a caller's text.
    FOR r IN SELECT signature FROM hub.register_function LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', r.signature, p_role);
    END LOOP;
    INSERT INTO hub.register (code, role) VALUES (p_code, p_role)
    ON CONFLICT (code) DO UPDATE SET role = excluded.role;
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC;

-- The registers added before this version.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT role FROM hub.register LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION hub.ref_conflicts() TO %I', r.role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION hub.settle_ref_conflict(bigint) TO %I',
            r.role);
    END LOOP;
END
$$;

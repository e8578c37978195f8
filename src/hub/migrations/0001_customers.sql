-- Hub schema v1: registers, the accepted changes (idempotency), customers and their
-- references, conflicts and what they overwrote, and the change feed the registers read.
-- Applied by `comptoir hub init` in one transaction; never edit it once shipped.

REVOKE ALL ON SCHEMA hub FROM PUBLIC;

-- A register is a PostgreSQL login role; it may only EXECUTE the functions below.
CREATE TABLE hub.register (
    code       text PRIMARY KEY,
    role       name NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Every accepted change, by its register-made id: a second upload of the same id
-- returns `result` and changes nothing.
CREATE TABLE hub.change (
    change_id   uuid PRIMARY KEY,
    register    text NOT NULL REFERENCES hub.register(code),
    kind        text NOT NULL,
    payload     jsonb NOT NULL,
    accepted_at timestamptz NOT NULL DEFAULT now(),
    result      jsonb NOT NULL
);

-- The authority's customers: `data` is the register's customer JSON (CustomerData),
-- with only the references the authority granted.
CREATE TABLE hub.customer (
    id          uuid PRIMARY KEY,
    data        jsonb NOT NULL,
    deleted     boolean NOT NULL DEFAULT false,
    created_by  text NOT NULL REFERENCES hub.register(code),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    last_change uuid NOT NULL
);

-- References (loyalty barcodes, NFC tags) are unique across the chain.
CREATE TABLE hub.customer_ref (
    kind        text NOT NULL,
    code        text NOT NULL,
    customer_id uuid NOT NULL REFERENCES hub.customer(id),
    PRIMARY KEY (kind, code)
);
CREATE INDEX customer_ref_customer ON hub.customer_ref(customer_id);

-- A reference claimed by a second customer: kept for the manager, not granted.
CREATE TABLE hub.ref_conflict (
    id          bigserial PRIMARY KEY,
    kind        text NOT NULL,
    code        text NOT NULL,
    customer_id uuid NOT NULL,
    owner_id    uuid NOT NULL,
    change_id   uuid NOT NULL,
    register    text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    resolved    boolean NOT NULL DEFAULT false
);

-- What a conflict lost: the value a later accepted change overwrote although its
-- register had not seen it (a concurrent edit elsewhere).
CREATE TABLE hub.audit (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    change_id   uuid NOT NULL,
    register    text NOT NULL,
    customer_id uuid NOT NULL,
    field       text NOT NULL,
    lost        jsonb,
    won         jsonb,
    reason      text NOT NULL
);

-- The change feed. Ids come from a sequence, but only while holding the feed lock
-- (hub.feed_lock(), taken by hub.publish as late as possible in the accepting
-- transaction and held until its commit): see hub.publish for why.
CREATE SEQUENCE hub.feed_id_seq;
CREATE TABLE hub.feed (
    id        bigint PRIMARY KEY,
    change_id uuid NOT NULL,
    kind      text NOT NULL,
    payload   jsonb NOT NULL
);

-- Appends one row to the feed and returns its id.
--
-- Why the lock: ids from a sequence are handed out at nextval() but become visible at
-- commit, and commits do not come in id order. A register that read up to id 12 while
-- the transaction holding id 11 was still in flight would move its cursor to 12 and
-- never see 11. Taking one transaction-scoped advisory lock before nextval() makes the
-- feed's writers queue: the next writer gets its id only after the previous one's commit
-- is visible (PostgreSQL marks a transaction committed before it releases its locks),
-- so whenever id N is visible, every id below N is visible or rolled back (a gap). The
-- price: accepting changes is serialised for the length of a commit, not longer, since
-- this runs last in the accepting function.
CREATE FUNCTION hub.publish(p_change uuid, p_kind text, p_payload jsonb)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_id bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7242019016);
    v_id := nextval('hub.feed_id_seq');
    INSERT INTO hub.feed (id, change_id, kind, payload)
    VALUES (v_id, p_change, p_kind, p_payload);
    RETURN v_id;
END
$$;

-- Grants the references listed in p_data to customer p_id, releases those it no longer
-- lists, and returns p_data with only the granted ones. A reference another customer
-- holds is recorded in hub.ref_conflict for the manager; the upload goes on.
CREATE FUNCTION hub.claim_refs(p_id uuid, p_data jsonb, p_change uuid, p_register text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    r jsonb;
    v_owner uuid;
    v_kept jsonb := '[]'::jsonb;
BEGIN
    DELETE FROM hub.customer_ref c
    WHERE c.customer_id = p_id
      AND NOT EXISTS (
          SELECT 1 FROM jsonb_array_elements(COALESCE(p_data -> 'references', '[]')) e
          WHERE e ->> 'kind' = c.kind AND e ->> 'code' = c.code);
    FOR r IN SELECT * FROM jsonb_array_elements(COALESCE(p_data -> 'references', '[]'))
    LOOP
        INSERT INTO hub.customer_ref (kind, code, customer_id)
        VALUES (r ->> 'kind', r ->> 'code', p_id)
        ON CONFLICT (kind, code) DO NOTHING;
        SELECT customer_id INTO v_owner FROM hub.customer_ref
        WHERE kind = r ->> 'kind' AND code = r ->> 'code';
        IF v_owner = p_id THEN
            v_kept := v_kept || jsonb_build_array(r);
        ELSE
            INSERT INTO hub.ref_conflict (kind, code, customer_id, owner_id, change_id, register)
            VALUES (r ->> 'kind', r ->> 'code', p_id, v_owner, p_change, p_register);
        END IF;
    END LOOP;
    RETURN jsonb_set(p_data, '{references}', v_kept);
END
$$;

-- A customer edit: per field, the last accepted value wins; when the authority's value
-- is not the one the register saw before its edit (a concurrent edit elsewhere), the
-- value overwritten is kept in hub.audit. Returns the new data.
CREATE FUNCTION hub.merge_fields(p_id uuid, p_data jsonb, p_fields jsonb, p_change uuid,
                                 p_register text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    f text;
    v jsonb;
    v_now jsonb;
    v_after jsonb;
    v_data jsonb := p_data;
BEGIN
    FOR f, v IN SELECT * FROM jsonb_each(p_fields) ORDER BY 1
    LOOP
        v_now := COALESCE(v_data -> f, 'null');
        v_after := COALESCE(v -> 'after', 'null');
        IF v_now IS DISTINCT FROM COALESCE(v -> 'before', 'null')
           AND v_now IS DISTINCT FROM v_after THEN
            INSERT INTO hub.audit (change_id, register, customer_id, field, lost, won, reason)
            VALUES (p_change, p_register, p_id, f, v_now, v_after, 'concurrent edit');
        END IF;
        IF v_after = 'null' THEN
            v_data := v_data - f;
        ELSE
            v_data := jsonb_set(v_data, ARRAY[f], v_after);
        END IF;
    END LOOP;
    RETURN v_data;
END
$$;

-- The one entry point for a register's changes (kinds: customer.create, customer.edit,
-- customer.delete). The register is the session's login role. Idempotent by change id.
CREATE FUNCTION hub.upload(p_change uuid, p_kind text, p_payload jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_reg text;
    v_prior hub.change;
    v_id uuid;
    v_cust hub.customer;
    v_data jsonb;
    v_fields jsonb;
    v_before int;
    v_feed bigint;
    v_result jsonb;
BEGIN
    SELECT code INTO v_reg FROM hub.register WHERE role = session_user;
    IF v_reg IS NULL THEN
        RAISE EXCEPTION 'role % is not a register of this hub', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Every register reads what one uploads: a change is capped before it is stored.
    IF octet_length(p_payload::text) > 65536 THEN
        RAISE EXCEPTION 'change % is larger than 64 KiB', p_change
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    -- A concurrent upload of the same id waits here for the first one's end.
    INSERT INTO hub.change (change_id, register, kind, payload, result)
    VALUES (p_change, v_reg, p_kind, p_payload, '{}')
    ON CONFLICT (change_id) DO NOTHING;
    IF NOT FOUND THEN
        SELECT * INTO v_prior FROM hub.change WHERE change_id = p_change;
        IF v_prior.register <> v_reg THEN
            RAISE EXCEPTION 'change % belongs to another register', p_change
                USING ERRCODE = 'unique_violation';
        END IF;
        RETURN v_prior.result || '{"duplicate": true}';
    END IF;

    v_id := (p_payload ->> 'id')::uuid;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'change % names no customer', p_change
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO v_cust FROM hub.customer WHERE id = v_id FOR UPDATE;
    SELECT count(*) INTO v_before FROM hub.ref_conflict WHERE change_id = p_change;

    IF v_cust.deleted THEN
        -- A deletion wins over whatever comes after it.
        v_result := jsonb_build_object('status', 'gone');
    ELSIF p_kind = 'customer.create' AND v_cust.id IS NULL THEN
        INSERT INTO hub.customer (id, data, created_by, last_change)
        VALUES (v_id, '{}', v_reg, p_change);
        v_data := hub.claim_refs(v_id, COALESCE(p_payload -> 'data', '{}'), p_change, v_reg);
        UPDATE hub.customer SET data = v_data WHERE id = v_id;
        v_result := jsonb_build_object('status', 'accepted');
    ELSIF p_kind IN ('customer.create', 'customer.edit') THEN
        IF v_cust.id IS NULL THEN
            RAISE EXCEPTION 'customer % is not known to the hub', v_id
                USING ERRCODE = 'no_data_found';
        END IF;
        v_fields := p_payload -> 'fields';
        IF p_kind = 'customer.create' THEN
            -- Created twice: every field as if the register had seen nothing before.
            SELECT jsonb_object_agg(key, jsonb_build_object('before', NULL, 'after', value))
            INTO v_fields FROM jsonb_each(COALESCE(p_payload -> 'data', '{}'));
        END IF;
        v_data := hub.merge_fields(v_id, v_cust.data, COALESCE(v_fields, '{}'), p_change, v_reg);
        v_data := hub.claim_refs(v_id, v_data, p_change, v_reg);
        UPDATE hub.customer SET data = v_data, updated_at = now(), last_change = p_change
        WHERE id = v_id;
        v_result := jsonb_build_object('status', 'accepted');
    ELSIF p_kind = 'customer.delete' THEN
        IF v_cust.id IS NULL THEN
            INSERT INTO hub.customer (id, data, deleted, created_by, last_change)
            VALUES (v_id, '{}', true, v_reg, p_change);
        ELSE
            DELETE FROM hub.customer_ref WHERE customer_id = v_id;
            -- Personal data is erased at the authority too.
            UPDATE hub.customer SET data = '{}', deleted = true, updated_at = now(),
                last_change = p_change
            WHERE id = v_id;
        END IF;
        v_data := '{}';
        v_result := jsonb_build_object('status', 'accepted');
    ELSE
        RAISE EXCEPTION 'unknown change kind %', p_kind
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    IF v_result ->> 'status' = 'accepted' THEN
        SELECT * INTO v_cust FROM hub.customer WHERE id = v_id;
        v_feed := hub.publish(p_change, 'customer', jsonb_build_object(
            'id', v_id, 'deleted', v_cust.deleted, 'data', v_cust.data));
        v_result := v_result || jsonb_build_object('feed_id', v_feed);
    END IF;
    v_result := v_result || jsonb_build_object('ref_conflicts',
        (SELECT count(*) FROM hub.ref_conflict WHERE change_id = p_change) - v_before);
    UPDATE hub.change SET result = v_result WHERE change_id = p_change;
    RETURN v_result;
END
$$;

-- The feed after `p_cursor`, oldest first, at most `p_max` rows (capped at 1000).
CREATE FUNCTION hub.feed_since(p_cursor bigint, p_max int)
RETURNS TABLE (id bigint, change_id uuid, kind text, payload jsonb)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
    SELECT f.id, f.change_id, f.kind, f.payload
    FROM hub.feed f
    WHERE f.id > p_cursor
    ORDER BY f.id
    LIMIT least(greatest(p_max, 0), 1000);
$$;

-- The hub's schema version: a register refuses to sync with a hub of another version
-- than the one its binary knows (run `comptoir hub init` with the newer binary first).
CREATE FUNCTION hub.version()
RETURNS int
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
    SELECT COALESCE(max(version), 0) FROM hub.schema_migration;
$$;

-- Administration (run by `comptoir hub add-register` as the hub's owner, never by a
-- register): a login role for register `p_code` that may only call the two functions
-- above. Identifiers and the password reach SQL through format()'s %I and %L only.
CREATE FUNCTION hub.add_register(p_code text, p_role text, p_password text)
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
    INSERT INTO hub.register (code, role) VALUES (p_code, p_role)
    ON CONFLICT (code) DO UPDATE SET role = excluded.role;
END
$$;

-- Functions are executable by PUBLIC by default: only the grants above remain.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA hub FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA hub FROM PUBLIC;

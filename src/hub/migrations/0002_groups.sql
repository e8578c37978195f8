-- Hub schema v2: customer groups shared by the registers (issue 16).
--
-- A customer's JSON names its group (`"group": "Club"`), so a group is known across the
-- chain by its name, compared without case; each register keeps its own row id. Kinds:
--   group.set    {name, discount, from?}  a group created or changed; `from` (a rename)
--                names the group it was: that name is retired and the authority's
--                customers in it follow to the new name
--   group.delete {name}                   a group deleted; the authority's customers in
--                it are left without a group
-- Last accepted wins (the feed carries each accepted change in order). The customers
-- the authority rewrites for a rename or a deletion are not put on the feed: every
-- register applies the same rename or deletion to its own rows (their customers follow
-- the group row there), and a register joining later reads the group rows in feed order.

CREATE TABLE hub.customer_group (
    key         text PRIMARY KEY,  -- lower(name)
    name        text NOT NULL,
    discount    text NOT NULL,
    deleted     boolean NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    last_change uuid NOT NULL
);

-- The customer kinds' function keeps its body; hub.upload now dispatches on the kind.
ALTER FUNCTION hub.upload(uuid, text, jsonb) RENAME TO upload_customer;

-- Who uploads and whether the change is new, for the upload functions of this and later
-- versions (the v1 customer function keeps its own copy): the register of the session's
-- role (refused otherwise), a payload over `p_max` bytes refused, and the change recorded
-- by id; `o_prior` is NULL for a new change, else the answer given to its first upload
-- (marked duplicate). A change id another register used is refused.
CREATE FUNCTION hub.claim_change(p_change uuid, p_kind text, p_payload jsonb, p_max int,
                                 OUT o_register text, OUT o_prior jsonb)
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_prior hub.change;
BEGIN
    SELECT code INTO o_register FROM hub.register WHERE role = session_user;
    IF o_register IS NULL THEN
        RAISE EXCEPTION 'role % is not a register of this hub', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF octet_length(p_payload::text) > p_max THEN
        RAISE EXCEPTION 'change % is larger than % bytes', p_change, p_max
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    INSERT INTO hub.change (change_id, register, kind, payload, result)
    VALUES (p_change, o_register, p_kind, p_payload, '{}')
    ON CONFLICT (change_id) DO NOTHING;
    IF NOT FOUND THEN
        SELECT * INTO v_prior FROM hub.change WHERE change_id = p_change;
        IF v_prior.register <> o_register THEN
            RAISE EXCEPTION 'change % belongs to another register', p_change
                USING ERRCODE = 'unique_violation';
        END IF;
        o_prior := v_prior.result || '{"duplicate": true}';
    END IF;
END
$$;

CREATE FUNCTION hub.upload_group(p_change uuid, p_kind text, p_payload jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_reg text;
    v_answer jsonb;
    v_name text;
    v_from text;
    v_disc text;
    v_feed bigint;
    v_result jsonb;
BEGIN
    SELECT o_register, o_prior INTO v_reg, v_answer
    FROM hub.claim_change(p_change, p_kind, p_payload, 4096);
    IF v_answer IS NOT NULL THEN
        RETURN v_answer;
    END IF;

    v_name := btrim(p_payload ->> 'name');
    IF v_name IS NULL OR v_name = '' OR char_length(v_name) > 40 OR v_name ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION 'change % names no valid group (1 to 40 characters)', p_change
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_kind = 'group.set' THEN
        v_disc := p_payload ->> 'discount';
        IF v_disc IS NULL OR v_disc !~ '^[0-9]{1,3}(\.[0-9]{1,4})?$' OR v_disc::numeric > 100 THEN
            RAISE EXCEPTION 'change %: `%` is not a discount from 0 to 100', p_change, v_disc
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_from := btrim(p_payload ->> 'from');
        IF v_from IS NOT NULL AND lower(v_from) <> lower(v_name) THEN
            UPDATE hub.customer_group
            SET deleted = true, updated_at = now(), last_change = p_change
            WHERE key = lower(v_from);
            UPDATE hub.customer SET data = jsonb_set(data, '{group}', to_jsonb(v_name))
            WHERE NOT deleted AND lower(data ->> 'group') = lower(v_from);
        ELSE
            v_from := NULL;
        END IF;
        INSERT INTO hub.customer_group (key, name, discount, last_change)
        VALUES (lower(v_name), v_name, v_disc, p_change)
        ON CONFLICT (key) DO UPDATE
        SET name = excluded.name, discount = excluded.discount, deleted = false,
            updated_at = now(), last_change = excluded.last_change;
        v_feed := hub.publish(p_change, 'group', jsonb_build_object(
            'name', v_name, 'discount', v_disc, 'from', v_from, 'deleted', false));
    ELSIF p_kind = 'group.delete' THEN
        UPDATE hub.customer_group
        SET deleted = true, updated_at = now(), last_change = p_change
        WHERE key = lower(v_name);
        UPDATE hub.customer SET data = data - 'group'
        WHERE NOT deleted AND lower(data ->> 'group') = lower(v_name);
        v_feed := hub.publish(p_change, 'group', jsonb_build_object(
            'name', v_name, 'deleted', true));
    ELSE
        RAISE EXCEPTION 'unknown change kind %', p_kind
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_result := jsonb_build_object('status', 'accepted', 'feed_id', v_feed, 'ref_conflicts', 0);
    UPDATE hub.change SET result = v_result WHERE change_id = p_change;
    RETURN v_result;
END
$$;

-- The one entry point for a register's changes, as before: customer kinds
-- (customer.create, customer.edit, customer.delete) and group kinds (group.set,
-- group.delete). Idempotent by change id.
CREATE FUNCTION hub.upload(p_change uuid, p_kind text, p_payload jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
BEGIN
    IF p_kind LIKE 'group.%' THEN
        RETURN hub.upload_group(p_change, p_kind, p_payload);
    END IF;
    RETURN hub.upload_customer(p_change, p_kind, p_payload);
END
$$;

-- The registers added before this version may call the new entry point, and no longer
-- the renamed one (it is the entry point's, run as the hub's owner).
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT role FROM hub.register LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION hub.upload(uuid, text, jsonb) TO %I', r.role);
        EXECUTE format('REVOKE ALL ON FUNCTION hub.upload_customer(uuid, text, jsonb) FROM %I',
                       r.role);
    END LOOP;
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA hub FROM PUBLIC;

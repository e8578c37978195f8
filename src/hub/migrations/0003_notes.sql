-- Hub schema v3: the staff's notes on a customer, shared by the registers (issue 16).
--
-- Kind note.set {id, customer, author, body, created_at}: a note written (or moved to
-- another customer by a merge) on a register, stored by its register-made id: a second
-- note.set of one id moves or rewrites it, never duplicates it. A note of a customer the
-- hub erased, or never heard of, is answered `gone` and stored nowhere (the register's
-- queue goes on). Erasing a customer at the hub (a deletion, an anonymisation, a merged
-- duplicate) erases its notes there too, by the trigger below: a note is personal data.

CREATE TABLE hub.customer_note (
    id          uuid PRIMARY KEY,
    customer_id uuid NOT NULL REFERENCES hub.customer(id),
    author      text NOT NULL,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL,
    register    text NOT NULL REFERENCES hub.register(code),
    last_change uuid NOT NULL
);
CREATE INDEX customer_note_customer ON hub.customer_note(customer_id);

CREATE FUNCTION hub.erase_notes()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
BEGIN
    DELETE FROM hub.customer_note WHERE customer_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER customer_erased
AFTER UPDATE OF deleted ON hub.customer
FOR EACH ROW WHEN (NEW.deleted AND NOT OLD.deleted)
EXECUTE FUNCTION hub.erase_notes();

CREATE FUNCTION hub.upload_note(p_change uuid, p_kind text, p_payload jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_reg text;
    v_answer jsonb;
    v_id uuid;
    v_cust uuid;
    v_deleted boolean;
    v_author text;
    v_body text;
    v_at timestamptz;
    v_feed bigint;
    v_result jsonb;
BEGIN
    SELECT o_register, o_prior INTO v_reg, v_answer
    FROM hub.claim_change(p_change, p_kind, p_payload, 20000);
    IF v_answer IS NOT NULL THEN
        RETURN v_answer;
    END IF;
    IF p_kind <> 'note.set' THEN
        RAISE EXCEPTION 'unknown change kind %', p_kind
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    v_id := (p_payload ->> 'id')::uuid;
    v_cust := (p_payload ->> 'customer')::uuid;
    v_author := p_payload ->> 'author';
    v_body := p_payload ->> 'body';
    v_at := (p_payload ->> 'created_at')::timestamptz;
    IF v_id IS NULL OR v_cust IS NULL OR v_at IS NULL
       OR v_author IS NULL OR char_length(v_author) > 200
       OR v_body IS NULL OR btrim(v_body) = '' OR octet_length(v_body) > 16000 THEN
        RAISE EXCEPTION 'change % is not a note (id, customer, author up to 200 characters, a body up to 16 kB, created_at)', p_change
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT deleted INTO v_deleted FROM hub.customer WHERE id = v_cust FOR UPDATE;
    IF v_deleted IS DISTINCT FROM false THEN
        v_result := jsonb_build_object('status', 'gone', 'ref_conflicts', 0);
    ELSE
        INSERT INTO hub.customer_note
            (id, customer_id, author, body, created_at, register, last_change)
        VALUES (v_id, v_cust, v_author, v_body, v_at, v_reg, p_change)
        ON CONFLICT (id) DO UPDATE
        SET customer_id = excluded.customer_id, author = excluded.author,
            body = excluded.body, last_change = excluded.last_change;
        v_feed := hub.publish(p_change, 'note', jsonb_build_object(
            'id', v_id, 'customer', v_cust, 'author', v_author, 'body', v_body,
            'created_at', p_payload ->> 'created_at'));
        v_result := jsonb_build_object('status', 'accepted', 'feed_id', v_feed,
                                       'ref_conflicts', 0);
    END IF;
    UPDATE hub.change SET result = v_result WHERE change_id = p_change;
    RETURN v_result;
END
$$;

-- The entry point learns the note kind (same signature: the registers keep their grant).
CREATE OR REPLACE FUNCTION hub.upload(p_change uuid, p_kind text, p_payload jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
BEGIN
    IF p_kind LIKE 'group.%' THEN
        RETURN hub.upload_group(p_change, p_kind, p_payload);
    ELSIF p_kind LIKE 'note.%' THEN
        RETURN hub.upload_note(p_change, p_kind, p_payload);
    END IF;
    RETURN hub.upload_customer(p_change, p_kind, p_payload);
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA hub FROM PUBLIC;

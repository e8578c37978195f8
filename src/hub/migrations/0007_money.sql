-- Hub schema v7: sales and customers' ledgers through the hub (issue 16: "a wallet is
-- not spent twice").
--
-- Kinds sale.add {sale} and ledger.add {id, customer, kind, amount, reason, sale,
-- register, author, at}: a register uploads each sale it rang up and each movement of a
-- customer's balance (points, wallet, store credit, account), in the order it wrote
-- them. A sale happened and is always stored. A ledger entry is stored as it was made
-- (every register holds the same entries, by their register-made ids), and the
-- authority checks every debit against ITS balance: an entry that takes a balance below
-- zero (two registers spending one wallet while cut off) is kept, and the hub adds a
-- `correction` entry of its own (register and author `hub`) that brings the balance
-- back to zero, and a hub.to_settle row for the manager saying who overspent what on
-- which register. So the authority's balances are never below zero, each register
-- follows the same ledger through the feed, and an overspend is a visible item, never a
-- silent negative balance.
--
-- Merges: a merged-away customer holds nothing at the hub. When the merge arrives, its
-- balances are forwarded to the survivor (a `merge` pair of the hub's own), and so is
-- any entry that reaches it later (a register that had not heard of the merge spent or
-- earned on it): the debit is then checked on the survivor. Transfers (`merge` entries)
-- are never checked: a merge's two halves may arrive on either side of the forwarding,
-- and their sum is what moved. A sale of a merged-away customer is stored, and fed,
-- under the survivor.

CREATE TABLE hub.sale (
    id          uuid PRIMARY KEY,
    number      text NOT NULL UNIQUE,
    register    text NOT NULL REFERENCES hub.register(code),
    customer_id uuid,
    created_at  timestamptz NOT NULL,
    body        jsonb NOT NULL,
    change_id   uuid NOT NULL
);
CREATE INDEX sale_customer ON hub.sale(customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE hub.ledger (
    id          uuid PRIMARY KEY,
    customer_id uuid NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('points', 'wallet', 'credit', 'account')),
    amount      bigint NOT NULL CHECK (amount <> 0),
    reason      text NOT NULL CHECK (reason IN ('sale', 'refund', 'top_up', 'settlement',
                  'redemption', 'expiry', 'merge', 'move', 'correction')),
    sale_id     uuid,
    register    text NOT NULL,
    author      text NOT NULL,
    created_at  timestamptz NOT NULL,
    change_id   uuid NOT NULL
);
CREATE INDEX ledger_customer ON hub.ledger(customer_id, kind);

-- The sum of each customer's entries of a kind, kept by hub.add_entry.
CREATE TABLE hub.balance (
    customer_id uuid NOT NULL,
    kind        text NOT NULL,
    amount      bigint NOT NULL,
    PRIMARY KEY (customer_id, kind)
);

-- A debit the authority could not cover: `entry_id` the register's entry, `correction_id`
-- the hub's entry that gave `shortfall` back. Open until a manager settles it.
CREATE TABLE hub.to_settle (
    id            bigserial PRIMARY KEY,
    customer_id   uuid NOT NULL,
    kind          text NOT NULL,
    entry_id      uuid NOT NULL,
    correction_id uuid NOT NULL,
    shortfall     bigint NOT NULL CHECK (shortfall > 0),
    register      text NOT NULL,
    at            timestamptz NOT NULL DEFAULT now(),
    settled       boolean NOT NULL DEFAULT false,
    settled_by    text,
    settled_at    timestamptz
);

-- Where a customer's money goes: itself, or the end of its chain of merges (at most 16
-- steps: a cycle, which no register can make, stops there).
CREATE FUNCTION hub.money_owner(p_customer uuid)
RETURNS uuid
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_id uuid := p_customer;
    v_into uuid;
BEGIN
    FOR i IN 1..16 LOOP
        SELECT merged_into INTO v_into FROM hub.customer WHERE id = v_id;
        EXIT WHEN v_into IS NULL;
        v_id := v_into;
    END LOOP;
    RETURN v_id;
END
$$;

-- Stores one entry (nothing when its id is held already: false), moves its balance and
-- publishes it.
CREATE FUNCTION hub.put_entry(p_entry jsonb, p_change uuid)
RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
BEGIN
    INSERT INTO hub.ledger (id, customer_id, kind, amount, reason, sale_id, register,
                            author, created_at, change_id)
    VALUES ((p_entry ->> 'id')::uuid, (p_entry ->> 'customer')::uuid, p_entry ->> 'kind',
            (p_entry ->> 'amount')::bigint, p_entry ->> 'reason',
            (p_entry ->> 'sale')::uuid, p_entry ->> 'register', p_entry ->> 'author',
            (p_entry ->> 'at')::timestamptz, p_change)
    ON CONFLICT (id) DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO hub.balance (customer_id, kind, amount)
    VALUES ((p_entry ->> 'customer')::uuid, p_entry ->> 'kind', (p_entry ->> 'amount')::bigint)
    ON CONFLICT (customer_id, kind) DO UPDATE SET amount = hub.balance.amount + excluded.amount;
    PERFORM hub.publish(p_change, 'ledger', p_entry);
    RETURN true;
END
$$;

-- An entry of the hub's own.
CREATE FUNCTION hub.own_entry(p_customer uuid, p_kind text, p_amount bigint, p_reason text,
                              p_sale uuid, p_change uuid)
RETURNS uuid
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_id uuid := gen_random_uuid();
BEGIN
    PERFORM hub.put_entry(jsonb_build_object(
        'id', v_id, 'customer', p_customer, 'kind', p_kind, 'amount', p_amount,
        'reason', p_reason, 'sale', p_sale, 'register', 'hub', 'author', 'hub',
        'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')), p_change);
    RETURN v_id;
END
$$;

-- Moves what merged-away `p_customer` holds of `p_kind` to where its money goes.
CREATE FUNCTION hub.forward(p_customer uuid, p_kind text, p_change uuid)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_owner uuid := hub.money_owner(p_customer);
    v_held bigint;
BEGIN
    IF v_owner = p_customer THEN
        RETURN;
    END IF;
    SELECT amount INTO v_held FROM hub.balance WHERE customer_id = p_customer AND kind = p_kind;
    IF COALESCE(v_held, 0) <> 0 THEN
        PERFORM hub.own_entry(p_customer, p_kind, -v_held, 'merge', NULL, p_change);
        PERFORM hub.own_entry(v_owner, p_kind, v_held, 'merge', NULL, p_change);
    END IF;
END
$$;

-- A register's entry: stored, forwarded when its customer was merged away, and, for a
-- debit that is not a transfer, covered when it took the balance where it landed below
-- zero. Returns how many to-settle items it opened (0 or 1).
CREATE FUNCTION hub.add_entry(p_entry jsonb, p_change uuid, p_register text)
RETURNS int
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_customer uuid := (p_entry ->> 'customer')::uuid;
    v_kind text := p_entry ->> 'kind';
    v_amount bigint := (p_entry ->> 'amount')::bigint;
    v_owner uuid;
    v_bal bigint;
    v_short bigint;
    v_fix uuid;
BEGIN
    IF NOT hub.put_entry(p_entry, p_change) THEN
        RETURN 0;
    END IF;
    PERFORM hub.forward(v_customer, v_kind, p_change);
    IF v_amount >= 0 OR p_entry ->> 'reason' = 'merge' THEN
        RETURN 0;
    END IF;
    v_owner := hub.money_owner(v_customer);
    SELECT amount INTO v_bal FROM hub.balance WHERE customer_id = v_owner AND kind = v_kind
    FOR UPDATE;
    IF v_bal >= 0 THEN
        RETURN 0;
    END IF;
    v_short := least(-v_bal, -v_amount);
    v_fix := hub.own_entry(v_owner, v_kind, v_short, 'correction',
                           (p_entry ->> 'sale')::uuid, p_change);
    INSERT INTO hub.to_settle (customer_id, kind, entry_id, correction_id, shortfall, register)
    VALUES (v_owner, v_kind, (p_entry ->> 'id')::uuid, v_fix, v_short, p_register);
    RETURN 1;
END
$$;

CREATE FUNCTION hub.upload_money(p_change uuid, p_kind text, p_payload jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_reg text;
    v_answer jsonb;
    v_sale jsonb;
    v_id uuid;
    v_cust uuid;
    v_opened int := 0;
    v_result jsonb;
BEGIN
    SELECT o_register, o_prior INTO v_reg, v_answer
    FROM hub.claim_change(p_change, p_kind, p_payload, 65536);
    IF v_answer IS NOT NULL THEN
        RETURN v_answer;
    END IF;
    IF p_kind = 'sale.add' THEN
        v_sale := p_payload -> 'sale';
        v_id := (v_sale ->> 'id')::uuid;
        IF v_id IS NULL OR v_sale ->> 'number' IS NULL OR v_sale ->> 'created_at' IS NULL THEN
            RAISE EXCEPTION 'change % is not a sale (id, number, created_at)', p_change
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_cust := (v_sale ->> 'customer_id')::uuid;
        IF v_cust IS NOT NULL THEN
            v_cust := hub.money_owner(v_cust);
            v_sale := jsonb_set(v_sale, '{customer_id}', to_jsonb(v_cust::text));
        END IF;
        INSERT INTO hub.sale (id, number, register, customer_id, created_at, body, change_id)
        VALUES (v_id, v_sale ->> 'number', v_reg, v_cust, (v_sale ->> 'created_at')::timestamptz,
                v_sale, p_change)
        ON CONFLICT (id) DO NOTHING;
        IF FOUND THEN
            PERFORM hub.publish(p_change, 'sale', jsonb_build_object('sale', v_sale));
        END IF;
    ELSIF p_kind = 'ledger.add' THEN
        IF (p_payload ->> 'id') IS NULL OR (p_payload ->> 'customer') IS NULL
           OR (p_payload ->> 'amount') IS NULL OR (p_payload ->> 'at') IS NULL
           OR (p_payload ->> 'register') IS NULL OR (p_payload ->> 'author') IS NULL THEN
            RAISE EXCEPTION 'change % is not a ledger entry', p_change
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_opened := hub.add_entry(p_payload, p_change, v_reg);
    ELSE
        RAISE EXCEPTION 'unknown change kind %', p_kind
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_result := jsonb_build_object('status', 'accepted', 'ref_conflicts', 0,
                                   'to_settle', v_opened);
    UPDATE hub.change SET result = v_result WHERE change_id = p_change;
    RETURN v_result;
END
$$;

-- The entry point learns the money kinds; a merge now also forwards the duplicate's
-- balances and moves its sales at the authority.
CREATE OR REPLACE FUNCTION hub.upload(p_change uuid, p_kind text, p_payload jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_result jsonb;
    v_dup uuid;
    v_into uuid;
    v_kind text;
BEGIN
    IF p_kind LIKE 'group.%' THEN
        RETURN hub.upload_group(p_change, p_kind, p_payload);
    ELSIF p_kind LIKE 'note.%' THEN
        RETURN hub.upload_note(p_change, p_kind, p_payload);
    ELSIF p_kind IN ('sale.add', 'ledger.add') THEN
        RETURN hub.upload_money(p_change, p_kind, p_payload);
    END IF;
    v_result := hub.upload_customer(p_change, p_kind, p_payload);
    IF p_kind = 'customer.delete' AND p_payload ? 'merged_into'
       AND v_result ->> 'status' = 'accepted' AND NOT v_result ? 'duplicate' THEN
        v_dup := (p_payload ->> 'id')::uuid;
        v_into := (p_payload ->> 'merged_into')::uuid;
        UPDATE hub.customer SET merged_into = v_into WHERE id = v_dup;
        -- Published a moment ago in this transaction (the feed lock is still held).
        UPDATE hub.feed SET payload = payload || jsonb_build_object('merged_into', v_into)
        WHERE id = (v_result ->> 'feed_id')::bigint;
        UPDATE hub.sale SET customer_id = hub.money_owner(v_into) WHERE customer_id = v_dup;
        FOR v_kind IN SELECT kind FROM hub.balance WHERE customer_id = v_dup ORDER BY kind LOOP
            PERFORM hub.forward(v_dup, v_kind, p_change);
        END LOOP;
    END IF;
    RETURN v_result;
END
$$;

-- The open to-settle items, oldest first (at most 1000).
CREATE FUNCTION hub.to_settle_open()
RETURNS TABLE (id bigint, customer_id uuid, kind text, shortfall bigint, entry_id uuid,
               register text, at timestamptz)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
    SELECT t.id, t.customer_id, t.kind, t.shortfall, t.entry_id, t.register, t.at
    FROM hub.to_settle t
    WHERE NOT t.settled
    ORDER BY t.id
    LIMIT 1000;
$$;

-- Marks item `p_id` settled by the calling register (the manager collected the money,
-- or wrote it off); false when there is no such open item. Kept in hub.audit.
CREATE FUNCTION hub.settle_money(p_id bigint)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_reg text;
    v_row hub.to_settle;
BEGIN
    SELECT code INTO v_reg FROM hub.register WHERE role = session_user;
    IF v_reg IS NULL THEN
        RAISE EXCEPTION 'role % is not a register of this hub', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE hub.to_settle SET settled = true, settled_by = v_reg, settled_at = now()
    WHERE id = p_id AND NOT settled
    RETURNING * INTO v_row;
    IF v_row.id IS NULL THEN
        RETURN false;
    END IF;
    INSERT INTO hub.audit (change_id, register, customer_id, field, lost, won, reason)
    VALUES (v_row.correction_id, v_reg, v_row.customer_id, v_row.kind,
            to_jsonb(v_row.shortfall), NULL, 'overspend settled');
    RETURN true;
END
$$;

-- A joining register's snapshot: every ledger entry and every sale after `p_after` in
-- id order, at most `p_max` (capped at 5000), shaped as their feed rows.
CREATE FUNCTION hub.snapshot_ledger(p_after uuid, p_max int)
RETURNS TABLE (id uuid, payload jsonb)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
    SELECT l.id, jsonb_build_object('id', l.id, 'customer', l.customer_id, 'kind', l.kind,
        'amount', l.amount, 'reason', l.reason, 'sale', l.sale_id, 'register', l.register,
        'author', l.author,
        'at', to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    FROM hub.ledger l
    WHERE l.id > p_after
    ORDER BY l.id
    LIMIT least(greatest(p_max, 0), 5000);
$$;

CREATE FUNCTION hub.snapshot_sales(p_after uuid, p_max int)
RETURNS TABLE (id uuid, payload jsonb)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
    SELECT s.id, jsonb_build_object('sale', jsonb_set(s.body, '{customer_id}',
        COALESCE(to_jsonb(s.customer_id::text), 'null')))
    FROM hub.sale s
    WHERE s.id > p_after
    ORDER BY s.id
    LIMIT least(greatest(p_max, 0), 5000);
$$;

INSERT INTO hub.register_function (signature) VALUES
    ('hub.to_settle_open()'),
    ('hub.settle_money(bigint)'),
    ('hub.snapshot_ledger(uuid, int)'),
    ('hub.snapshot_sales(uuid, int)');

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA hub FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA hub FROM PUBLIC;

-- The registers added before this version.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT role FROM hub.register LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION hub.to_settle_open() TO %I', r.role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION hub.settle_money(bigint) TO %I', r.role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION hub.snapshot_ledger(uuid, int) TO %I', r.role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION hub.snapshot_sales(uuid, int) TO %I', r.role);
    END LOOP;
END
$$;

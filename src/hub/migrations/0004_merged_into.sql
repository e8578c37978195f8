-- Hub schema v4: where a merged-away customer went (issue 16).
--
-- A merge on a register uploads the duplicate's deletion with `merged_into` (the
-- survivor's id). The authority keeps it on the duplicate's row, and the feed row of
-- that deletion carries it, so every register moves what it holds of the duplicate
-- (sales rung up there, balances, gift cards) to the survivor, instead of anonymising a
-- customer with sales. An edit of the duplicate uploaded after the merge stays refused
-- (`gone`): the merge wins over a concurrent edit of the duplicate.

ALTER TABLE hub.customer ADD COLUMN merged_into uuid;

CREATE OR REPLACE FUNCTION hub.upload(p_change uuid, p_kind text, p_payload jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, hub, pg_temp
AS $$
DECLARE
    v_result jsonb;
    v_into uuid;
BEGIN
    IF p_kind LIKE 'group.%' THEN
        RETURN hub.upload_group(p_change, p_kind, p_payload);
    ELSIF p_kind LIKE 'note.%' THEN
        RETURN hub.upload_note(p_change, p_kind, p_payload);
    END IF;
    v_result := hub.upload_customer(p_change, p_kind, p_payload);
    IF p_kind = 'customer.delete' AND p_payload ? 'merged_into'
       AND v_result ->> 'status' = 'accepted' AND NOT v_result ? 'duplicate' THEN
        v_into := (p_payload ->> 'merged_into')::uuid;
        UPDATE hub.customer SET merged_into = v_into WHERE id = (p_payload ->> 'id')::uuid;
        -- Published a moment ago in this transaction (the feed lock is still held).
        UPDATE hub.feed SET payload = payload || jsonb_build_object('merged_into', v_into)
        WHERE id = (v_result ->> 'feed_id')::bigint;
    END IF;
    RETURN v_result;
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC;

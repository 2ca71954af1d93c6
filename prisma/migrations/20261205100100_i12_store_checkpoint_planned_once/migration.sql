-- Storing a signed checkpoint as one function, planned once per connection (as edit_entry is,
-- issue 16): the same INSERT … SELECT under the same conditions as the statement it replaces
-- (lib/server/ledger/checkpoints.ts, checkpointInsert) — the revision still has the signed hash,
-- and the chain's latest earlier checkpoint still holds — so nothing contradictory is stored.
-- That statement was parsed and planned on every export (~0.25 ms of the ~0.6 ms signing added
-- to a small JSON export at load 7; PL/pgSQL caches a static statement's plan). Returns whether
-- the checkpoint was stored. SECURITY INVOKER: the caller's rights (the runtime role may append
-- checkpoints and nothing more).
CREATE FUNCTION store_checkpoint(
    p_chain TEXT,
    p_seq BIGINT,
    p_head_hash TEXT,
    p_signed_at TIMESTAMPTZ,
    p_key_name TEXT,
    p_key_id TEXT,
    p_note TEXT,
    p_occasion TEXT,
    p_actor UUID
) RETURNS BOOLEAN
LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    INSERT INTO ledger_checkpoints (chain, story_id, seq, head_hash, signed_at, key_name, key_id, note, occasion, created_by_id)
    SELECT r.chain, r.story_id, r.seq, r.hash, p_signed_at, p_key_name, p_key_id, p_note, p_occasion, p_actor
      FROM revisions r
     WHERE r.chain = p_chain AND r.seq = p_seq AND r.hash = p_head_hash
       AND NOT EXISTS (SELECT 1
                         FROM (SELECT k.seq, k.head_hash FROM ledger_checkpoints k
                                WHERE k.chain = p_chain AND k.seq <= p_seq ORDER BY k.seq DESC, k.id DESC LIMIT 1) cp
                        WHERE cp.head_hash IS DISTINCT FROM (SELECT h.hash FROM revisions h WHERE h.chain = p_chain AND h.seq = cp.seq));
    RETURN FOUND;
END
$$;
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION store_checkpoint(TEXT, BIGINT, TEXT, TIMESTAMPTZ, TEXT, TEXT, TEXT, TEXT, UUID) SET search_path = %I, pg_temp', current_schema());
END
$$;
REVOKE ALL ON FUNCTION store_checkpoint(TEXT, BIGINT, TEXT, TIMESTAMPTZ, TEXT, TEXT, TEXT, TEXT, UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION store_checkpoint(TEXT, BIGINT, TEXT, TIMESTAMPTZ, TEXT, TEXT, TEXT, TEXT, UUID) TO storydesk_runtime;

-- Issue 16: an edit's first statement does what took four round trips before — the access
-- check (the story is visible to the user, with at least the role the write needs), naming
-- the actor and reason for the ledger trigger, the story's chain lock, and reading the entry
-- being edited — and answers with a code for each refusal, which the app maps to the same
-- errors as before. writeWithRevision() calls it; nothing else writes around the ledger: the
-- trigger still records every change, and still refuses a write that names no actor.
--
-- SECURITY INVOKER: it runs with the caller's rights (the runtime role reads what it may read
-- anyway, and the chain lock is still taken through ledger_lock_chain(), SECURITY DEFINER).
-- The table to read is a regclass, so only an existing relation can be named, quoted by %s.
CREATE FUNCTION edit_begin(
    p_story_id UUID,
    p_user_id UUID,
    p_is_admin BOOLEAN,
    p_minimum TEXT,
    p_reason TEXT,
    p_simulated_at TEXT,
    p_table REGCLASS,
    p_entry_id UUID
) RETURNS TABLE (code TEXT, member_role TEXT, is_member BOOLEAN, snapshot JSONB)
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    v_role TEXT;
    v_found BOOLEAN;
    v_snapshot JSONB;
    v_ranks CONSTANT TEXT[] := ARRAY['reader', 'contributor', 'lead'];
BEGIN
    -- As storyAccessFor(): a live story the user is an active member of (an admin sees every
    -- live story, and acts as a lead where not a member).
    SELECT m.role::text, TRUE INTO v_role, v_found
      FROM stories s
      LEFT JOIN story_members m ON m.story_id = s.id AND m.user_id = p_user_id AND m.deleted_at IS NULL
     WHERE s.id = p_story_id AND s.deleted_at IS NULL AND (p_is_admin OR m.id IS NOT NULL)
     LIMIT 1;
    IF v_found IS NULL THEN
        RETURN QUERY SELECT 'NOT_FOUND'::text, NULL::text, NULL::boolean, NULL::jsonb;
        RETURN;
    END IF;
    is_member := v_role IS NOT NULL;
    member_role := coalesce(v_role, 'lead');
    IF array_position(v_ranks, member_role) < array_position(v_ranks, p_minimum) THEN
        RETURN QUERY SELECT 'FORBIDDEN'::text, member_role, is_member, NULL::jsonb;
        RETURN;
    END IF;
    PERFORM set_config('storydesk.actor_id', p_user_id::text, true),
            set_config('storydesk.reason', coalesce(p_reason, ''), true),
            set_config('storydesk.simulated_at', coalesce(p_simulated_at, ''), true),
            ledger_lock_chain(p_story_id::text);
    IF p_table IS NOT NULL THEN
        -- Read after the lock: no other write of the story can change it before this one commits.
        EXECUTE format('SELECT to_jsonb(t) FROM %s t WHERE t.story_id = $1 AND t.id = $2', p_table)
           INTO v_snapshot USING p_story_id, p_entry_id;
        IF v_snapshot IS NULL THEN
            RETURN QUERY SELECT 'NOT_FOUND'::text, member_role, is_member, NULL::jsonb;
            RETURN;
        END IF;
    END IF;
    RETURN QUERY SELECT 'OK'::text, member_role, is_member, v_snapshot;
END
$$;
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION edit_begin(UUID, UUID, BOOLEAN, TEXT, TEXT, TEXT, REGCLASS, UUID) SET search_path = %I, pg_temp', current_schema());
END
$$;
REVOKE ALL ON FUNCTION edit_begin(UUID, UUID, BOOLEAN, TEXT, TEXT, TEXT, REGCLASS, UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION edit_begin(UUID, UUID, BOOLEAN, TEXT, TEXT, TEXT, REGCLASS, UUID) TO storydesk_runtime;

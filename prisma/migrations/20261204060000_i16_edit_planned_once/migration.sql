-- Issue 16, part 1: an edit's statement planned once per connection, not on every call.
-- pg_stat_statements (nested statements, track_planning; scripts/bench/profile-edit.ts) showed
-- edit_entry() re-planning four of its reads on every edit, ~1 ms of the statement at load:
--   - the dynamic reads (EXECUTE format(...)) of edit_begin's row and entry_lookups' linked rows
--     are parsed and planned on every call — PL/pgSQL caches no plan for EXECUTE;
--   - entry_lookups' read of the linked sources' keys is static, but PostgreSQL kept choosing a
--     custom plan (its `= ANY(array)` estimate) and planned it anew each time (0.5 ms at load).
-- So: the tables the registry's edits read today (the entry tables: sources, quotes, questions,
-- timeline_events; a link names sources or quotes) get static statements, whose plans PL/pgSQL
-- caches; any other table still goes through EXECUTE exactly as before (a new kind works
-- unchanged, only slower). entry_lookups uses generic plans (its parameters are ids: one plan
-- fits every call). Same checks, same answers, same order, same lock: only how each read is
-- planned changes. Signatures, owners, grants and SECURITY INVOKER are unchanged.

CREATE OR REPLACE FUNCTION edit_begin(
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
        -- Static for the entry tables (a cached plan), dynamic for any other.
        IF p_table = 'quotes'::regclass THEN
            SELECT to_jsonb(t) INTO v_snapshot FROM quotes t WHERE t.story_id = p_story_id AND t.id = p_entry_id;
        ELSIF p_table = 'questions'::regclass THEN
            SELECT to_jsonb(t) INTO v_snapshot FROM questions t WHERE t.story_id = p_story_id AND t.id = p_entry_id;
        ELSIF p_table = 'timeline_events'::regclass THEN
            SELECT to_jsonb(t) INTO v_snapshot FROM timeline_events t WHERE t.story_id = p_story_id AND t.id = p_entry_id;
        ELSIF p_table = 'sources'::regclass THEN
            SELECT to_jsonb(t) INTO v_snapshot FROM sources t WHERE t.story_id = p_story_id AND t.id = p_entry_id;
        ELSE
            EXECUTE format('SELECT to_jsonb(t) FROM %s t WHERE t.story_id = $1 AND t.id = $2', p_table)
               INTO v_snapshot USING p_story_id, p_entry_id;
        END IF;
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

CREATE OR REPLACE FUNCTION entry_lookups(p_story_id UUID, p_row JSONB, p_links JSONB, p_people TEXT[]) RETURNS JSONB
LANGUAGE plpgsql STABLE SECURITY INVOKER
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_link JSONB;
    v_table REGCLASS;
    v_ids UUID[];
    v_rows JSONB;
    v_linked JSONB := '{}';
    v_people UUID[];
    v_sources UUID[] := '{}';
    v_users JSONB;
    v_keys JSONB;
BEGIN
    IF p_links IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT coalesce(array_agg((p_row ->> c)::uuid), '{}') INTO v_people FROM unnest(coalesce(p_people, '{}')) AS c WHERE p_row ->> c IS NOT NULL;
    FOR v_link IN SELECT * FROM jsonb_array_elements(p_links) LOOP
        IF jsonb_typeof(p_row -> (v_link ->> 'column')) = 'array' THEN
            SELECT coalesce(array_agg(value::uuid), '{}') INTO v_ids FROM jsonb_array_elements_text(p_row -> (v_link ->> 'column'));
        ELSIF p_row ->> (v_link ->> 'column') IS NOT NULL THEN
            v_ids := ARRAY[(p_row ->> (v_link ->> 'column'))::uuid];
        ELSE
            CONTINUE;
        END IF;
        CONTINUE WHEN cardinality(v_ids) = 0;
        v_table := (v_link ->> 'table')::regclass;
        -- Static for the tables entries link to today (a cached plan), dynamic for any other.
        IF v_table = 'sources'::regclass THEN
            SELECT coalesce(jsonb_agg(to_jsonb(t)), '[]') INTO v_rows FROM sources t WHERE t.story_id = p_story_id AND t.id = ANY(v_ids);
        ELSIF v_table = 'quotes'::regclass THEN
            SELECT coalesce(jsonb_agg(to_jsonb(t)), '[]') INTO v_rows FROM quotes t WHERE t.story_id = p_story_id AND t.id = ANY(v_ids);
        ELSE
            EXECUTE format('SELECT coalesce(jsonb_agg(to_jsonb(t)), ''[]'') FROM %s t WHERE t.story_id = $1 AND t.id = ANY($2)', v_table)
               INTO v_rows USING p_story_id, v_ids;
        END IF;
        v_linked := v_linked || jsonb_build_object(v_link ->> 'table', coalesce(v_linked -> (v_link ->> 'table'), '[]') || v_rows);
        v_people := v_people || (SELECT coalesce(array_agg((r ->> c)::uuid), '{}')
                                   FROM jsonb_array_elements(v_rows) AS r, jsonb_array_elements_text(coalesce(v_link -> 'people', '[]')) AS c
                                  WHERE r ->> c IS NOT NULL);
        IF v_table = 'sources'::regclass THEN
            v_sources := v_sources || (SELECT coalesce(array_agg((r ->> 'id')::uuid), '{}') FROM jsonb_array_elements(v_rows) AS r);
        END IF;
    END LOOP;
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', u.id, 'name', u.name)), '[]') INTO v_users FROM users u WHERE u.id = ANY(v_people);
    SELECT coalesce(jsonb_agg(jsonb_build_object('source_id', k.source_id, 'key_version', k.key_version, 'wrapped_key', k.wrapped_key,
                                                 'burned_at', k.burned_at, 'burned_by', u.name)), '[]')
      INTO v_keys
      FROM source_keys k
      LEFT JOIN sources s ON s.id = k.source_id
      LEFT JOIN users u ON u.id = s.burned_by_id
     WHERE k.source_id = ANY(v_sources);
    RETURN jsonb_build_object('linked', v_linked, 'users', v_users, 'sources', to_jsonb(v_sources), 'keys', v_keys, 'people', to_jsonb(v_people));
END
$$;
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION entry_lookups(UUID, JSONB, JSONB, TEXT[]) SET search_path = %I, pg_temp', current_schema());
END
$$;

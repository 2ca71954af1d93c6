-- Issue 16, part 1: an edit of an entry as one statement. A single statement is its own
-- transaction, so the edit needs no BEGIN and COMMIT rounds and no interactive transaction in
-- the app: edit_entry() does, in this order, what the transactional path (writeWithRevision +
-- loadEntryForEdit + saveChanges) does in four round trips —
--   1. edit_begin(): the access check, the actor and reason, the story's chain lock, the row;
--   2. the version check: a stale or deleted row is not written;
--   3. the references the kind checks (`p_refs`: a column's ids must name rows of the story,
--      live ones where asked), when the column changes or always;
--   4. the changes: the fields of `p_next` whose stored value differs (read back through the
--      table's row type, as the ledger trigger compares them); a change to a `p_guarded` field
--      is not made here;
--   5. the update of the changed columns as the next version (the trigger records the revision
--      in this same transaction), returning the row;
--   6. what the reply needs to name the row (entry_lookups(), below): the rows it links to,
--      the names of the people it and they name, the linked sources' keys — so the app presents
--      the reply (a source through the protection lens, in Node) without another round trip.
-- It answers OK (written: the row after), UNCHANGED (nothing to write: the row), NOT_FOUND or
-- FORBIDDEN (as edit_begin), or FALLBACK: nothing was written and the app takes the
-- transactional path, which makes every check again and gives the same errors as always
-- (CONFLICT with the latest state, a reference's message, a guarded field's own work such as
-- a reason required or @mentions to notify). Nothing about the trigger changes.
--
-- SECURITY INVOKER, as edit_begin: the caller's rights. Tables are regclass and columns quoted
-- with %I, so only existing relations and columns can be named.
-- What a reply needs to name a row (as EntryNames.load reads it, one round): the rows of the
-- story its columns link to (`p_links`: [{column, table, people}] — a uuid or an array of them;
-- `people`: the linked table's columns naming people), the names of the people the row
-- (`p_people`) and the linked rows name, and the keys of the linked sources (the keyring's
-- query: the lens decides in the app what may be opened). Nothing here opens anything.
CREATE FUNCTION entry_lookups(p_story_id UUID, p_row JSONB, p_links JSONB, p_people TEXT[]) RETURNS JSONB
LANGUAGE plpgsql STABLE SECURITY INVOKER AS $$
DECLARE
    v_link JSONB;
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
        EXECUTE format('SELECT coalesce(jsonb_agg(to_jsonb(t)), ''[]'') FROM %s t WHERE t.story_id = $1 AND t.id = ANY($2)', (v_link ->> 'table')::regclass)
           INTO v_rows USING p_story_id, v_ids;
        v_linked := v_linked || jsonb_build_object(v_link ->> 'table', coalesce(v_linked -> (v_link ->> 'table'), '[]') || v_rows);
        v_people := v_people || (SELECT coalesce(array_agg((r ->> c)::uuid), '{}')
                                   FROM jsonb_array_elements(v_rows) AS r, jsonb_array_elements_text(coalesce(v_link -> 'people', '[]')) AS c
                                  WHERE r ->> c IS NOT NULL);
        IF (v_link ->> 'table')::regclass = 'sources'::regclass THEN
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
REVOKE ALL ON FUNCTION entry_lookups(UUID, JSONB, JSONB, TEXT[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION entry_lookups(UUID, JSONB, JSONB, TEXT[]) TO storydesk_runtime;

CREATE FUNCTION edit_entry(
    p_story_id UUID,
    p_user_id UUID,
    p_is_admin BOOLEAN,
    p_minimum TEXT,
    p_reason TEXT,
    p_simulated_at TEXT,
    p_table REGCLASS,
    p_entry_id UUID,
    p_version INTEGER,
    p_next JSONB,
    p_guarded TEXT[],
    p_refs JSONB,
    p_links JSONB,
    p_people TEXT[]
) RETURNS TABLE (code TEXT, member_role TEXT, is_member BOOLEAN, snapshot JSONB, lookups JSONB)
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    v_begun RECORD;
    v_current JSONB;
    v_next JSONB;
    v_changed TEXT[];
    v_ref JSONB;
    v_ids UUID[];
    v_ok BOOLEAN;
    v_columns TEXT;
    v_after JSONB;
BEGIN
    SELECT * INTO v_begun FROM edit_begin(p_story_id, p_user_id, p_is_admin, p_minimum, p_reason, p_simulated_at, p_table, p_entry_id);
    IF v_begun.code <> 'OK' THEN
        RETURN QUERY SELECT v_begun.code, v_begun.member_role, v_begun.is_member, NULL::jsonb, NULL::jsonb;
        RETURN;
    END IF;
    v_current := v_begun.snapshot;
    IF (v_current ->> 'version')::int <> p_version OR (v_current ->> 'deleted_at') IS NOT NULL THEN
        RETURN QUERY SELECT 'FALLBACK'::text, v_begun.member_role, v_begun.is_member, NULL::jsonb, NULL::jsonb;
        RETURN;
    END IF;
    -- The new values as the table stores them (its types), keyed by column.
    EXECUTE format('SELECT to_jsonb(r) FROM jsonb_populate_record(NULL::%s, $1) AS r', p_table) INTO v_next USING p_next;
    SELECT coalesce(array_agg(k ORDER BY k), '{}') INTO v_changed
      FROM jsonb_object_keys(p_next) AS k
     WHERE (v_next -> k) IS DISTINCT FROM (v_current -> k);
    FOR v_ref IN SELECT * FROM jsonb_array_elements(coalesce(p_refs, '[]')) LOOP
        CONTINUE WHEN NOT (coalesce((v_ref ->> 'always')::boolean, false) OR (v_ref ->> 'column') = ANY (v_changed));
        IF jsonb_typeof(v_next -> (v_ref ->> 'column')) = 'array' THEN
            SELECT coalesce(array_agg(DISTINCT value::uuid), '{}') INTO v_ids FROM jsonb_array_elements_text(v_next -> (v_ref ->> 'column'));
        ELSE
            v_ids := ARRAY[(v_next ->> (v_ref ->> 'column'))::uuid];
        END IF;
        EXECUTE format('SELECT count(*) = cardinality($1) FROM %s t WHERE t.story_id = $2 AND t.id = ANY($1) %s',
                       (v_ref ->> 'table')::regclass,
                       CASE WHEN coalesce((v_ref ->> 'live')::boolean, false) THEN 'AND t.deleted_at IS NULL' ELSE '' END)
           INTO v_ok USING v_ids, p_story_id;
        IF NOT coalesce(v_ok, false) THEN
            RETURN QUERY SELECT 'FALLBACK'::text, v_begun.member_role, v_begun.is_member, NULL::jsonb, NULL::jsonb;
            RETURN;
        END IF;
    END LOOP;
    IF v_changed && coalesce(p_guarded, '{}') THEN
        RETURN QUERY SELECT 'FALLBACK'::text, v_begun.member_role, v_begun.is_member, NULL::jsonb, NULL::jsonb;
        RETURN;
    END IF;
    IF cardinality(v_changed) = 0 THEN
        RETURN QUERY SELECT 'UNCHANGED'::text, v_begun.member_role, v_begun.is_member, v_current, entry_lookups(p_story_id, v_current, p_links, p_people);
        RETURN;
    END IF;
    SELECT string_agg(format('%I', k), ', ' ORDER BY k) INTO v_columns FROM unnest(v_changed) AS k;
    EXECUTE format(
        'UPDATE %1$s AS t SET (%2$s) = (SELECT %2$s FROM jsonb_populate_record(NULL::%1$s, $1)), version = t.version + 1, updated_at = now()
          WHERE t.id = $2 AND t.version = $3 RETURNING to_jsonb(t)', p_table, v_columns)
       INTO v_after USING p_next, p_entry_id, p_version;
    IF v_after IS NULL THEN
        -- Cannot happen under the chain lock; if it ever does, the transactional path says CONFLICT.
        RETURN QUERY SELECT 'FALLBACK'::text, v_begun.member_role, v_begun.is_member, NULL::jsonb, NULL::jsonb;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'OK'::text, v_begun.member_role, v_begun.is_member, v_after, entry_lookups(p_story_id, v_after, p_links, p_people);
END
$$;
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION edit_entry(UUID, UUID, BOOLEAN, TEXT, TEXT, TEXT, REGCLASS, UUID, INTEGER, JSONB, TEXT[], JSONB, JSONB, TEXT[]) SET search_path = %I, pg_temp', current_schema());
END
$$;
REVOKE ALL ON FUNCTION edit_entry(UUID, UUID, BOOLEAN, TEXT, TEXT, TEXT, REGCLASS, UUID, INTEGER, JSONB, TEXT[], JSONB, JSONB, TEXT[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION edit_entry(UUID, UUID, BOOLEAN, TEXT, TEXT, TEXT, REGCLASS, UUID, INTEGER, JSONB, TEXT[], JSONB, JSONB, TEXT[]) TO storydesk_runtime;

-- Least privilege (issue 12): the app connects as a runtime role that cannot bypass the ledger.
--
-- The role that runs migrations (the owner) owns every table and function. The app's login
-- role (storydesk_app by default; `npm run db:roles` creates it) is a member of the group role
-- storydesk_runtime created here, and gets nothing else: it is not a superuser, owns nothing
-- (so it cannot ALTER or DISABLE a trigger), cannot set session_replication_role, has no
-- TRUNCATE anywhere, and can only read the ledger. Revisions are written by record_revision(),
-- which now runs with its owner's rights (SECURITY DEFINER): the only way into the ledger is
-- through the trigger. See lib/server/ledger/ARCHITECTURE.md.

-- The group role is cluster-wide: created once, by a migrator allowed to create roles (the
-- embedded PostgreSQL's superuser), or beforehand by an administrator (`npm run db:roles`).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'storydesk_runtime') THEN
        BEGIN
            CREATE ROLE storydesk_runtime NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION 'storydesk: the role storydesk_runtime does not exist and % may not create it', current_user
                USING HINT = 'Run the SQL printed by `npm run db:roles` as a database administrator, then migrate again.';
        END;
    END IF;
END
$$;

-- Read and write the app's tables (today's and, through default privileges, those later
-- migrations create), use their sequences; nothing more. No TRUNCATE, REFERENCES or TRIGGER.
DO $$
DECLARE
    v_schema TEXT := current_schema();
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO storydesk_runtime', v_schema);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO storydesk_runtime', v_schema);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO storydesk_runtime', v_schema);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO storydesk_runtime', v_schema);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO storydesk_runtime', v_schema);
END
$$;

-- The ledger: read only. Rows come from record_revision() alone.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "revisions", "revision_chains" FROM storydesk_runtime;
-- Append-only logs: read and append.
REVOKE UPDATE, DELETE, TRUNCATE ON "sensitive_reads" FROM storydesk_runtime;
-- Which migrations ran: read (for /api/health), never written by the app.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "_prisma_migrations" FROM storydesk_runtime;
-- Tracked tables are never hard-deleted (their triggers refuse it too).
DO $$
DECLARE
    v_table REGCLASS;
BEGIN
    FOR v_table IN
        SELECT DISTINCT t.tgrelid::regclass FROM pg_trigger t WHERE t.tgfoid = 'record_revision'::regproc AND NOT t.tgisinternal
    LOOP
        EXECUTE format('REVOKE DELETE, TRUNCATE ON %s FROM storydesk_runtime', v_table);
    END LOOP;
END
$$;

-- The trigger writes the ledger with its owner's rights, so the runtime role needs no right
-- on revisions at all. A trigger function cannot be called directly, only fired by a write
-- to a tracked table; its search path is pinned so that nothing a session creates (a temporary
-- table or function) can stand in for the ledger's own objects.
ALTER FUNCTION record_revision() SECURITY DEFINER;
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION record_revision() SET search_path = %I, pg_temp', current_schema());
END
$$;
REVOKE ALL ON FUNCTION record_revision() FROM PUBLIC;

-- writeWithRevision() takes the chain head's row lock first, so that a transaction writing
-- several rows of one story cannot deadlock against another. SELECT … FOR UPDATE needs the
-- UPDATE right, which the runtime role must not have on the ledger: the lock is taken here,
-- with the owner's rights, and lasts until the caller's transaction ends.
CREATE FUNCTION ledger_lock_chain(p_chain TEXT) RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    PERFORM 1 FROM revision_chains WHERE chain = p_chain FOR UPDATE;
END
$$;
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION ledger_lock_chain(TEXT) SET search_path = %I, pg_temp', current_schema());
END
$$;
REVOKE ALL ON FUNCTION ledger_lock_chain(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_lock_chain(TEXT) TO storydesk_runtime;

-- Sessions that really end, and sign-in throttling that cannot be turned against users
-- (issue 18). Both are the desk's operational state, not coverage: not tracked by the ledger.

-- One row per sign-in. The session token (a JWT) carries the row's id, and every request
-- checks that the row has not ended: signing out, "sign out everywhere" and an admin end it
-- at once. device_id is the browser's long-lived device cookie ("a device that signed in
-- before"); address is the client's address as the app saw it (see lib/server/client-address.ts).
CREATE TYPE "SessionEndReason" AS ENUM ('sign_out', 'everywhere', 'admin', 'restore');

CREATE TABLE "sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "device_id" UUID NOT NULL,
    "user_agent" TEXT NOT NULL DEFAULT '',
    "address" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(6),
    "end_reason" "SessionEndReason",
    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sessions_user_id_device_id_idx" ON "sessions"("user_id", "device_id");
CREATE INDEX "sessions_active_idx" ON "sessions"("user_id") WHERE "ended_at" IS NULL;
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Per-account (and per known device) back-off: `failures` wrong passwords in a row; the next
-- attempt is allowed at `next_attempt_at`. One upsert reserves an attempt atomically, so
-- concurrent guesses cannot slip past it (lib/server/sign-in-throttle.ts).
CREATE TABLE "sign_in_backoff" (
    "key" VARCHAR(400) NOT NULL,
    "failures" INTEGER NOT NULL,
    "next_attempt_at" TIMESTAMPTZ(6) NOT NULL,
    "last_failure_at" TIMESTAMPTZ(6) NOT NULL,
    CONSTRAINT "sign_in_backoff_pkey" PRIMARY KEY ("key")
);

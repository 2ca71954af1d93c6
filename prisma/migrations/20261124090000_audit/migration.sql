-- Sensitive reads gain a kind: 'reveal' (someone was shown a protected field, e.g. a source's
-- contact details) or 'export' (someone exported a dossier). An export names no single entry
-- or field; what was asked for (its options, never its content) goes in details.
-- Adding columns with constant defaults rewrites no rows, so the append-only triggers are not
-- involved; the existing rows are all reveals.
ALTER TABLE "sensitive_reads"
    ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'reveal',
    ADD COLUMN "details" JSONB NOT NULL DEFAULT '{}',
    ALTER COLUMN "entity_type" DROP NOT NULL,
    ALTER COLUMN "entity_id" DROP NOT NULL,
    ALTER COLUMN "field" DROP NOT NULL,
    ADD CONSTRAINT "sensitive_reads_kind_check" CHECK (
        (kind = 'reveal' AND entity_type IS NOT NULL AND entity_id IS NOT NULL AND field IS NOT NULL)
        OR kind = 'export'
    ),
    ADD CONSTRAINT "sensitive_reads_details_check" CHECK (jsonb_typeof(details) = 'object');

-- The admin's list across all stories is newest first.
CREATE INDEX "sensitive_reads_created_at_idx" ON "sensitive_reads"("created_at");

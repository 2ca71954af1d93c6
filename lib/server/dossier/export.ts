import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/server/access";
import { recordSensitiveRead } from "@/lib/server/audit";
import { toLocalInput } from "@/lib/time-zone";
import type { DossierOptions, DossierOptionsInput } from "@/lib/validations/dossier";
import { buildDossier } from "./build";
import { renderDossierHtml } from "./html";
import { pdfManifest } from "./manifest";
import { renderDossierMarkdown } from "./markdown";
import { PdfRenderError, renderPdf } from "./pdf";
import { markUnsigned, signDossier, storeDuringRender, storeSignedExport } from "./sign";
import type { Dossier } from "./types";

// One export: build the dossier (access, as of, redaction), sign a checkpoint of the revision
// it shows, render the asked format, store the checkpoint and the record of who exported what
// (options and the file's SHA-256, never content; sign.ts says when each is stored) and name
// the file `<slug>-dossier-<YYYY-MM-DD-HHmm>.<ext>` in the exporter's time zone.

export type DossierFile = { filename: string; contentType: string; body: Uint8Array | string; inline: boolean };

const CONTENT_TYPES = { pdf: "application/pdf", json: "application/json; charset=utf-8", md: "text/markdown; charset=utf-8", html: "text/html; charset=utf-8" } as const;

/** The dossier in the asked format (the PDF with its metadata and manifest). */
async function render(format: DossierOptions["format"], dossier: Dossier, user: SessionUser, now: Date): Promise<Uint8Array | string> {
  if (format === "json") return `${JSON.stringify(dossier, null, 2)}\n`;
  if (format === "md") return renderDossierMarkdown(dossier);
  const html = renderDossierHtml(dossier);
  if (format === "html") return html;
  try {
    return await renderPdf(html, {
      title: `${dossier.story.title} — dossier`,
      author: user.name,
      subject: `Storydesk dossier as of ${dossier.asOf.atLabel} (revision #${dossier.asOf.revision}); ${dossier.redaction.redacted ? "redacted" : "NOT redacted"}`,
      keywords: ["Storydesk", "dossier", dossier.profile, dossier.story.slug],
      createdAt: now,
      headerTitle: dossier.story.title,
      marking: "Internal — confidential",
      custom: pdfManifest(dossier),
    });
  } catch (error) {
    if (error instanceof PdfRenderError) {
      throw new AppError("UNAVAILABLE", {
        message:
          error.reason === "timeout"
            ? "The PDF took too long to make. Try again, or export fewer sections or an earlier moment; JSON and Markdown work too."
            : "The PDF could not be made just now. Try again in a moment; JSON and Markdown exports still work.",
      });
    }
    throw error;
  }
}

/** What an export is doing, for the render queue's progress (the engine gives no page callback). */
export type ExportStage = { stage: "building" } | { stage: "printing"; sections: number } | { stage: "recording" };

export async function exportDossier(
  user: SessionUser,
  storyId: string,
  raw: DossierOptionsInput,
  timeZone: string,
  now = new Date(),
  progress?: (stage: ExportStage) => Promise<void>,
): Promise<DossierFile> {
  await progress?.({ stage: "building" });
  const { dossier, options, access, slug, revisionHash } = await buildDossier(user, storyId, raw, timeZone, now);
  const signature = await signDossier(dossier, revisionHash, user, timeZone);
  if (options.format === "pdf") storeDuringRender(signature);
  await progress?.({ stage: "printing", sections: dossier.sections.length });
  let body = await render(options.format, dossier, user, now);
  await progress?.({ stage: "recording" });
  // Who exported what: options and the file's SHA-256 (Verify a copy recognises the file by it), never content.
  const record = (file: Uint8Array | string) =>
    ({
      kind: "export",
      storyId: access.storyId,
      actorId: user.id,
      details: {
        format: options.format,
        profile: options.profile,
        sections: dossier.sections,
        asOfRevision: dossier.asOf.revision,
        unredacted: !dossier.redaction.redacted,
        sha256: createHash("sha256").update(file).digest("hex"),
      },
    }) as const;
  const refused = await storeSignedExport(signature, record(body));
  if (refused) {
    // The ledger contradicts an earlier checkpoint (rare: it was tampered with): unsigned, then.
    markUnsigned(dossier, refused);
    body = await render(options.format, dossier, user, now);
    await recordSensitiveRead(db(), record(body));
  }
  const stamp = toLocalInput(now, timeZone).replace("T", "-").replace(":", "");
  return {
    filename: `${slug}-dossier-${stamp}.${options.format}`,
    contentType: CONTENT_TYPES[options.format],
    body,
    inline: options.format === "html",
  };
}

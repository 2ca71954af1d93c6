import { pageTimeZone } from "@/lib/pages";
import { exportDossier } from "@/lib/server/dossier/export";
import { readOptions } from "@/lib/server/request-body";
import { enqueueDossierPdf } from "@/lib/server/render-queue/jobs";
import { withUser } from "@/lib/server/route";

// POST /api/stories/:id/dossier with the options as JSON or a form:
// format=pdf|json|md|html, profile, sections, at|rev, since, unredacted=1.
// A POST, not a GET: an export is recorded (who exported what), so a link on another site must
// not be able to make a browser produce one. The file, or the usual JSON error body (404 for a
// non-member, 403 for a reader asking for an unredacted copy or another site's form, 422 for
// bad options, 503 when the PDF renderer fails).
// A PDF is a job of the render queue (lib/server/render-queue): the answer is 202 with the job's
// status at once; its progress and file are under ./jobs/:jobId. The other formats are fast and
// come back as files, as before.
export const POST = withUser<{ storyId: string }>("exportDossier", async (user, { storyId }, request) => {
  const options = await readOptions(request);
  if (options.format === "pdf") {
    return Response.json({ ok: true, data: await enqueueDossierPdf(user, storyId, options, await pageTimeZone()) }, { status: 202 });
  }
  const file = await exportDossier(user, storyId, options, await pageTimeZone());
  return new Response(typeof file.body === "string" ? file.body : Buffer.from(file.body), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `${file.inline ? "inline" : "attachment"}; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
      // The preview is a standalone document: its own styles and embedded fonts, nothing else.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
      "X-Content-Type-Options": "nosniff",
    },
  });
});

import { revalidatePath } from "next/cache";
import { AppError } from "@/lib/errors";
import { EVIDENCE_LIMITS } from "@/lib/evidence/parse";
import { importDocument, previewEvidence, type EvidenceUpload } from "@/lib/server/evidence/documents";
import { assertSameOrigin } from "@/lib/server/request-body";
import { withUser } from "@/lib/server/route";

// POST /api/stories/:id/documents — a document into the story's evidence, as a form
// (multipart): `file` (a file) or `text` (pasted), and the metadata the editor confirmed
// (title, origin, byline, url, publishedAt, replacesId). With ?preview=1 nothing is stored:
// the answer is what the parser makes of it, to prefill the form. A route, not an action: a
// PDF is larger than an action's body may be.

const tooLarge = () =>
  new AppError("VALIDATION", { message: `That is more than ${EVIDENCE_LIMITS.maxBytes / 1024 / 1024} MB; the desk takes documents up to that size. Split it, or add the part you need.` });

async function readUpload(request: Request): Promise<{ fields: Record<string, string>; upload: EvidenceUpload }> {
  assertSameOrigin(request);
  // The form's own overhead on top of the document.
  if (Number(request.headers.get("content-length") ?? 0) > EVIDENCE_LIMITS.maxBytes + 64 * 1024) throw tooLarge();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new AppError("BAD_REQUEST");
  }
  const fields: Record<string, string> = {};
  let upload: EvidenceUpload | null = null;
  for (const [key, value] of form) {
    if (typeof value === "string") fields[key] = value;
    else if (key === "file" && value.size > 0) {
      if (value.size > EVIDENCE_LIMITS.maxBytes) throw tooLarge();
      upload = { bytes: new Uint8Array(await value.arrayBuffer()), filename: value.name, mimeType: value.type };
    }
  }
  upload ??= fields.text !== undefined ? { text: fields.text } : null;
  if (!upload) throw new AppError("VALIDATION", { message: "Paste the text of the document, or choose a file." });
  return { fields, upload };
}

export const POST = withUser<{ storyId: string }>("importDocument", async (user, { storyId }, request) => {
  const { fields, upload } = await readUpload(request);
  if (new URL(request.url).searchParams.get("preview") === "1") return previewEvidence(user, storyId, upload);
  const { storyId: _ignored, text: _text, ...meta } = fields;
  const result = await importDocument(user, { ...meta, storyId }, upload);
  revalidatePath(`/stories/${storyId}`, "layout");
  return result;
});

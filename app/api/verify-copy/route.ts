import { AppError } from "@/lib/errors";
import { pageTimeZone } from "@/lib/pages";
import { verifyCopy } from "@/lib/server/dossier/verify-copy";
import { withUser } from "@/lib/server/route";

// POST /api/verify-copy with a dossier file as the body (PDF, JSON or Markdown, as exported):
// the report of Verify a copy. 404 for a story the user may not see (as for the story itself),
// 422 for a file that is not a dossier or is past the size limit.
const MAX_BYTES = 25 * 1024 * 1024;

export const POST = withUser<Record<string, never>>("verifyCopy", async (user, _params, request) => {
  const tooLarge = () => new AppError("VALIDATION", { message: "That file is larger than 25 MB: it is not a dossier Storydesk exported." });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BYTES) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BYTES) throw tooLarge();
  if (bytes.byteLength === 0) throw new AppError("VALIDATION", { message: "Choose a dossier file to check." });
  return verifyCopy(user, bytes, await pageTimeZone());
});

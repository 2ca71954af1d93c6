import { AppError } from "@/lib/errors";
import { claimLiveResponse } from "@/lib/server/live/raw-response";
import { openLiveStream, resumeCursor } from "@/lib/server/live/stream";
import { withUser } from "@/lib/server/route";
import { liveQuerySchema } from "@/lib/validations/live";

export const dynamic = "force-dynamic";

/** GET ?story=&tab=&panel= | ?desk=1 → the live events of a story page, the desk home, or (neither) the user's own. */
export const GET = withUser<Record<string, never>>("liveStreamRoute", async (user, _params, request) => {
  const parsed = liveQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new AppError("VALIDATION", { message: "Name a story with ?story=<id>, or the desk with ?desk=1." });
  const { story, desk, tab, panel, cursor } = parsed.data;
  return openLiveStream(user, { story: story ?? null, desk: desk === "1" && !story, tabId: tab ?? null, panel, cursor: resumeCursor(request, cursor ?? null) }, request.signal, claimLiveResponse(request));
});

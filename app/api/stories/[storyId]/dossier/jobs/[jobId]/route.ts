import { exportJobStatus } from "@/lib/server/render-queue/jobs";
import { withUser } from "@/lib/server/route";

// GET /api/stories/:id/dossier/jobs/:jobId — a queued PDF export's progress, for the user who
// asked (404 for anyone else or a non-member, 410 once expired). Reading it changes nothing.
export const GET = withUser<{ storyId: string; jobId: string }>("exportJobStatus", (user, { storyId, jobId }) => exportJobStatus(user, storyId, jobId));

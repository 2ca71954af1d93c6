import { exportJobFile } from "@/lib/server/render-queue/jobs";
import { withUser } from "@/lib/server/route";

// GET /api/stories/:id/dossier/jobs/:jobId/file — the finished PDF, for the user who asked,
// while it is kept (404 for anyone else, 410 once expired, 409 before it is ready). The export
// was recorded when it was made; downloading it again records nothing.
export const GET = withUser<{ storyId: string; jobId: string }>("exportJobFile", async (user, { storyId, jobId }) => {
  const file = await exportJobFile(user, storyId, jobId);
  return new Response(Buffer.from(file.body), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
});

import { checkpointsFile } from "@/lib/server/ledger/admin";
import { withUser } from "@/lib/server/route";

// GET /api/admin/checkpoints: every signed checkpoint kept, as one text file of signed notes, to
// keep outside the database (`npm run audit:verify -- --checkpoints <file>`). Admins only.
export const GET = withUser<Record<string, never>>("downloadCheckpoints", async (user) => {
  const body = await checkpointsFile(user);
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="storydesk-checkpoints-${stamp}.notes"`,
      "Cache-Control": "private, no-store",
    },
  });
});

// The demo desk: five accounts and the developing story from shared/seed-story.
// Idempotent: it does nothing once the demo admin exists.
import { db } from "@/lib/db";
import { SYSTEM_ACTOR_ID } from "@/lib/server/ledger";
import { addToStory, makeStory, makeUser } from "./factories";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./demo-accounts";

export const DEMO_STORY = {
  title: "Microsoft cuts Israeli military unit's access to Azure cloud and AI services",
  summary:
    "Microsoft says it has disabled some cloud storage and AI services used by a unit of Israel's defence establishment, " +
    "after a Guardian-led investigation reported that the unit stored intercepted Palestinian phone calls on Azure. " +
    "Open: which subscriptions were cut, whether the data moved to Amazon, and what Microsoft's ongoing review will publish.",
};

export async function seedDemoDesk(): Promise<{ seeded: boolean }> {
  const existing = await db().user.findUnique({ where: { email: DEMO_ACCOUNTS[0]!.email } });
  if (existing) return { seeded: false };

  const users = [];
  for (const account of DEMO_ACCOUNTS) {
    users.push({
      ...account,
      user: await makeUser({ ...account, password: DEMO_PASSWORD, actorId: SYSTEM_ACTOR_ID }),
    });
  }
  const lead = users.find((entry) => entry.storyRole === "lead")!.user;
  const story = await makeStory(lead, DEMO_STORY);
  for (const entry of users) {
    if (entry.storyRole && entry.user.id !== lead.id) await addToStory(lead, story.id, entry.user, entry.storyRole);
  }
  return { seeded: true };
}

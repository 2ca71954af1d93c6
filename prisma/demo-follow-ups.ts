// The demo desk's follow-ups and editorial comments: who is chasing what, as the morning
// meeting left it. Due times are relative to the real clock (one overdue, one due today…), so
// My follow-ups and the bell show something on every fresh start. Through the domain functions.
import type { SessionUser } from "@/lib/server/access";
import { createComment } from "@/lib/server/comments";
import { createFollowUp, respondToFollowUp, setFollowUpStatus } from "@/lib/server/follow-ups/write";
import type { FollowUpView } from "@/lib/entry-kinds/follow-up";
import type { EntryKind } from "@/lib/entry-kinds/kinds";

const HOUR = 3_600_000;

type Desk = { storyId: string; entryId: (kind: EntryKind, key: string) => string };
type Clock = { session: (hoursAgo: number) => void; write: <T>(work: () => Promise<T>) => Promise<T> };
type People = { maya: SessionUser; lina: SessionUser; sam: SessionUser };

export async function seedDemoFollowUps(clock: Clock, desk: Desk, { maya, lina, sam }: People, now: number): Promise<void> {
  const storyId = desk.storyId;
  // On the hour, as a desk would set them.
  const due = (hoursFromNow: number) => new Date(Math.round((now + hoursFromNow * HOUR) / HOUR) * HOUR).toISOString();
  const link = (kind: "question" | "source" | "quote", key: string) => `${kind}:${desk.entryId(kind, key)}`;
  const assign = (by: SessionUser, input: { title: string; details?: string; assigneeId: string; dueAt?: string; priority?: "low" | "normal" | "high" | "urgent"; link?: string }) =>
    clock.write(() => createFollowUp(by, { storyId, ...input }));
  const step = (user: SessionUser, followUp: FollowUpView, work: (base: { storyId: string; followUpId: string; version: number }) => Promise<FollowUpView>) =>
    clock.write(() => work({ storyId, followUpId: followUp.id, version: followUp.version }));

  // The morning meeting, four hours ago: Maya hands out the open threads.
  clock.session(4);
  const pressOffice = await assign(maya, {
    title: "Call Microsoft's press office: which subscriptions exactly?",
    details: "Ask which Azure subscriptions and AI services were disabled, and what the unit keeps. On the record if possible.",
    assigneeId: lina.id,
    dueAt: due(3),
    priority: "high",
    link: link("question", "subscriptions"),
  });
  await assign(maya, {
    title: "Confirm the data move with Amazon",
    details: "Only report B says the unit plans to move its data to AWS. Ask Amazon's press office; note whether they decline to comment.",
    assigneeId: sam.id,
    dueAt: due(-2),
    priority: "urgent",
    link: link("question", "amazon"),
  });
  const unReport = await assign(maya, {
    title: "Get the UN expert's report",
    details: "Find the report that names Microsoft, Amazon and Alphabet on the UN's own site; log it as a source.",
    assigneeId: sam.id,
    dueAt: due(30),
    link: link("question", "unExpert"),
  });
  const ministry = await assign(maya, {
    title: "Ask the Ministry of Defence for comment",
    assigneeId: sam.id,
    dueAt: due(6),
    link: link("source", "imod"),
  });
  const storage = await assign(maya, {
    title: "Check the Guardian's storage figures against +972",
    assigneeId: lina.id,
    link: link("quote", "guardianStorage"),
  });

  // Their answers, through the morning.
  clock.session(3);
  const accepted = await step(lina, pressOffice, (base) => respondToFollowUp(lina, { ...base, response: "accepted" }));
  await step(lina, accepted, (base) => setFollowUpStatus(lina, { ...base, status: "in_progress" }));
  await step(sam, unReport, (base) => respondToFollowUp(sam, { ...base, response: "accepted" }));
  await step(sam, ministry, (base) => respondToFollowUp(sam, { ...base, response: "declined", note: "I have no contact there; Lina spoke to their spokesperson last week." }));
  const checking = await step(lina, storage, (base) => respondToFollowUp(lina, { ...base, response: "accepted" }));
  await step(lina, checking, (base) =>
    setFollowUpStatus(lina, { ...base, status: "done", completionNote: "Both give the same figure; +972 cites the Guardian's documents." }),
  );
  await assign(lina, {
    title: "Ask the insider when the review will publish",
    assigneeId: lina.id,
    dueAt: due(20),
    link: link("source", "insider"),
  });

  // Editorial discussion on the entries (not part of the record).
  clock.session(2);
  await clock.write(() =>
    createComment(lina, { storyId, entityType: "question", entityId: desk.entryId("question", "subscriptions"), body: "@maya the press office says they will answer by tonight. Holding the line until then." }),
  );
  await clock.write(() =>
    createComment(maya, { storyId, entityType: "question", entityId: desk.entryId("question", "amazon"), body: "@sam this is the one that could change the top of the story. Anything from Amazon yet?" }),
  );
}

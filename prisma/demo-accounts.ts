// The demo accounts: created only in demo mode, printed by the launcher at start-up.
import type { MemberRole, UserRole } from "@/lib/generated/prisma/enums";

export const DEMO_PASSWORD = "storydesk-demo";

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; role: UserRole; storyRole: MemberRole | null }> = [
  { email: "admin@storydesk.example", name: "Noor Haddad", role: "admin", storyRole: null },
  { email: "maya@storydesk.example", name: "Maya Cohen", role: "editor", storyRole: "lead" },
  { email: "tom@storydesk.example", name: "Tom Becker", role: "editor", storyRole: "reader" },
  { email: "lina@storydesk.example", name: "Lina Sayegh", role: "reporter", storyRole: "contributor" },
  { email: "sam@storydesk.example", name: "Sam Okafor", role: "reporter", storyRole: "contributor" },
];


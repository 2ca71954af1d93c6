import type { StoryAccess } from "@/lib/server/access";
import { lowers } from "@/lib/validations/sources";

// THE rule for who may know a source's identity, and what everyone else calls it. Pure: the
// rest of the lens (index.ts) applies it before anything is opened.

/** What a confidential source is called when even its alias is missing. */
export const CONFIDENTIAL_SOURCE = "Confidential source";
export const BURNED_SOURCE = "Burned source";

/** The story's leads (as members: an admin passing by is not enough) and whoever logged the source; nobody in a redacted export. */
export function maySeeProtected(access: StoryAccess, loggedById: string): boolean {
  if (access.redact) return false;
  return isLead(access) || loggedById === access.user.id;
}

/** A lead of the story as a member (an admin passing by is not one): may burn a source or lower its protection. */
export const isLead = (access: StoryAccess) => access.isMember && access.role === "lead";

export { lowers };

/** "Confidential source A", "B", … "Z", "AA": the n-th alias of a story (from 0). */
export function aliasOf(n: number): string {
  let letters = "";
  for (let rest = n; rest >= 0; rest = Math.floor(rest / 26) - 1) letters = String.fromCharCode(65 + (rest % 26)) + letters;
  return `${CONFIDENTIAL_SOURCE} ${letters}`;
}

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** "Burned source (identity destroyed on 3 December 2026 by Maya Cohen)": what everyone, leads too, sees of a burned source. */
export function burnedLabel(burned: { at: Date | null; by: string | null }): string {
  const when = burned.at ? ` on ${DAY.format(burned.at)}` : "";
  const who = burned.by ? ` by ${burned.by}` : "";
  return `${BURNED_SOURCE} (identity destroyed${when}${who})`;
}

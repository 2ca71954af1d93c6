// @mentions in plain text, shared by the server (who to notify) and the browser (highlighting,
// hints). A member's handle is the local part of their e-mail, lower-cased: maya@… is @maya.
// "@" must start a word: "foo@maya" and "maya@storydesk.example" mention nobody. A handle has
// letters, digits, dots, dashes and underscores, and does not end in a dot or dash, so
// "ask @maya." mentions maya.

const MENTION = /(?<![\p{L}\p{N}_.+\-@/])@([\p{L}\p{N}_](?:[\p{L}\p{N}._-]*[\p{L}\p{N}_])?)/gu;

/** The handle an e-mail address is mentioned by. */
export function handleOf(email: string): string {
  return (email.split("@")[0] ?? "").toLowerCase();
}

/** The distinct handles mentioned in `text`, lower-cased, in order of first appearance. */
export function mentionHandles(text: string): string[] {
  const handles = new Set<string>();
  for (const match of text.matchAll(MENTION)) handles.add(match[1]!.toLowerCase());
  return [...handles];
}

export type MentionSegment = { text: string; handle?: string };

/** `text` cut into plain runs and mentions of the given handles (for highlighting). */
export function splitMentions(text: string, known: ReadonlySet<string>): MentionSegment[] {
  const segments: MentionSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    const handle = match[1]!.toLowerCase();
    if (!known.has(handle)) continue;
    const start = match.index;
    if (start > last) segments.push({ text: text.slice(last, start) });
    segments.push({ text: match[0], handle });
    last = start + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}

/** The partial handle being typed just before `caret` ("@ma|" → "ma"), or null. */
export function mentionPrefixAt(text: string, caret: number): { prefix: string; start: number } | null {
  const match = /(?<![\p{L}\p{N}_.+\-@/])@([\p{L}\p{N}._-]*)$/u.exec(text.slice(0, caret));
  return match ? { prefix: match[1]!.toLowerCase(), start: match.index } : null;
}

import "server-only";
import { formatCursor, type LiveCursor, type LiveMessage } from "@/lib/live/protocol";

// An event is serialised and encoded once, however many streams it goes to: only its SSE id
// line — each stream's own cursor — is written per stream, in front of the shared bytes.

const encoder = new TextEncoder();

/** An SSE event's bytes after its id line: `event:` and `data:`, and the blank line that ends it. */
export type EncodedEvent = Uint8Array;

export const encodeEvent = (message: LiveMessage): EncodedEvent => encoder.encode(`\nevent: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);

/** The whole SSE event for one stream: its cursor as the id (a reconnecting browser sends it back), then the event. */
export function frame(cursor: LiveCursor, event: EncodedEvent): Uint8Array {
  const id = encoder.encode(`id: ${formatCursor(cursor)}`);
  const bytes = new Uint8Array(id.length + event.length);
  bytes.set(id);
  bytes.set(event, id.length);
  return bytes;
}

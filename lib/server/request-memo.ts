import "server-only";
import { cache } from "react";

/**
 * Reads kept for one request, by key: the first caller's read is every later caller's answer,
 * and a statement that read the value with something else (a page's first statement: lib/pages.ts)
 * can hand it over with `know`. React's cache lives for one server render; in actions and route
 * handlers it keeps nothing, and each call reads. Never kept across requests.
 */
export function requestMemo<T>() {
  const store = cache(() => new Map<string, Promise<T>>());
  const keyOf = (parts: readonly string[]) => parts.join("\n");
  return {
    read(parts: readonly string[], load: () => Promise<T>): Promise<T> {
      const known = store();
      const key = keyOf(parts);
      let value = known.get(key);
      if (!value) {
        value = load();
        known.set(key, value);
      }
      return value;
    },
    /** What another statement of this request read for `parts` (unless it is being read already). */
    know(parts: readonly string[], value: T): void {
      const known = store();
      const key = keyOf(parts);
      if (!known.has(key)) known.set(key, Promise.resolve(value));
    },
  };
}

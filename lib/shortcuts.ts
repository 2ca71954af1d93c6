import { KINDS, PANELS, kindOfPanel, type Panel } from "@/lib/entry-kinds/kinds";

// THE table of keyboard shortcuts: the story workspace binds its keys from it
// (components/workspace/shortcuts.tsx), the Compare page its J and K (step-through.tsx), and
// the "?" help lists every row of it, so the help cannot say what the keys do not.

export type ShortcutAction = "panel" | "new-entry" | "search" | "help" | "next-change" | "previous-change" | "close-form" | "format" | "quote-selection";

export type Shortcut = {
  /** The keys as the help shows them. */
  keys: string;
  /** `event.key` values that fire it (none: the browser or the editor handles it, listed for the help). */
  match: ReadonlyArray<string>;
  action: ShortcutAction;
  what: string;
  /** Where it works, when not in the story's workspace. */
  where?: string;
};

const panelName = (panel: Panel) => {
  const kind = kindOfPanel(panel);
  return kind ? KINDS[kind].heading : "Overview";
};

/** The key that switches to each panel: 1 for the first… */
export const PANEL_KEYS: ReadonlyArray<string> = PANELS.map((_, index) => String(index + 1));

export const SHORTCUTS: ReadonlyArray<Shortcut> = [
  { keys: `1 – ${PANELS.length}`, match: PANEL_KEYS, action: "panel", what: `Switch panel: ${PANELS.map(panelName).join(", ")}` },
  { keys: "N", match: ["n", "N"], action: "new-entry", what: "New entry in this panel" },
  { keys: "/", match: ["/"], action: "search", what: "Search this panel" },
  { keys: "Enter", match: [], action: "format", what: "Save the form from any one-line field (a name, a quote's Language, a date): no need to tab to Save" },
  { keys: "Esc", match: [], action: "close-form", what: "Close the form you are in (what you typed is discarded)" },
  { keys: "Ctrl/⌘ + B, I", match: [], action: "format", what: "Bold, italic in rich text" },
  { keys: "Ctrl/⌘ + Enter", match: [], action: "format", what: "Post the comment you are writing" },
  { keys: "J", match: ["j"], action: "next-change", what: "Next change", where: "Compare moments" },
  { keys: "K", match: ["k"], action: "previous-change", what: "Previous change", where: "Compare moments" },
  { keys: "Q", match: ["q", "Q"], action: "quote-selection", what: "Log the selected words as a quote", where: "A document in Evidence" },
  { keys: "?", match: ["?"], action: "help", what: "Show this help" },
];

/** The shortcut a key press fires, among those of `actions`. */
export function shortcutFor(key: string, actions: ReadonlyArray<ShortcutAction>): Shortcut | undefined {
  return SHORTCUTS.find((shortcut) => actions.includes(shortcut.action) && shortcut.match.includes(key));
}

/** Whether a key press lands in something the user types into (shortcuts leave those alone). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return Boolean(element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName)));
}

"use client";
import { useState, useTransition } from "react";
import type { SaveState } from "./form-status";

/** One-click actions (a role change, delete, disable): pending state, error message, refresh. */
export function useActionRunner() {
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const run = (work: () => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      setState({ kind: "saving" });
      const result = await work().catch(() => ({ ok: false, message: "Could not reach the server. Check your connection and try again." }));
      setState(result.ok ? { kind: "saved" } : { kind: "error", message: result.message ?? "" });
    });
  return { pending, state, run };
}

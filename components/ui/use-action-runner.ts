"use client";
import { useState, useTransition } from "react";
import type { SaveState } from "./form-status";
import { UNREACHABLE } from "@/components/ui/unreachable";

/** One-click actions (a role change, delete, disable): pending state, error message, refresh. */
export function useActionRunner() {
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const run = (work: () => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      setState({ kind: "saving" });
      const result = await work().catch(() => ({ ok: false, message: UNREACHABLE }));
      setState(result.ok ? { kind: "saved" } : { kind: "error", message: result.message ?? "" });
    });
  return { pending, state, run };
}

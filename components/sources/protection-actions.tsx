"use client";
import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { burnSourceAction, lowerSourceProtectionAction } from "@/lib/actions/sources";
import type { SourceView } from "@/lib/entry-kinds/source";
import { PROTECTION_LABELS, type ProtectionValue } from "@/lib/validations/source-labels";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import { useActionRunner } from "@/components/ui/use-action-runner";

const LEVELS = Object.keys(PROTECTION_LABELS) as ProtectionValue[];

type Step = "lower" | "burn" | null;

/** What the steps need of a source: not its whole view (issue 16: every source of a panel carries this). */
export type ProtectionTarget = Pick<SourceView, "id" | "version" | "protection" | "displayName" | "canManageProtection" | "burned">;

/**
 * A story lead's two protection steps, each explicit, confirmed and reasoned (kept in the
 * revision): lowering a source's protection, and burning it (destroying its key). Items of the
 * source's "⋯" actions menu; the confirmation opens in the menu.
 */
export function ProtectionActions({ storyId, source }: { storyId: string; source: ProtectionTarget }) {
  const router = useRouter();
  const [step, setStep] = useState<Step>(null);
  const [reason, setReason] = useState("");
  const lower = LEVELS.slice(0, LEVELS.indexOf(source.protection));
  const [level, setLevel] = useState<ProtectionValue>(lower.at(-1) ?? "on_record");
  const { pending, state, run } = useActionRunner();
  const root = useRef<HTMLSpanElement>(null);
  if (!source.canManageProtection || source.burned) return null;

  const open = (next: Step) => {
    setReason("");
    setStep(next);
  };
  const submit = () =>
    run(async () => {
      const base = { storyId, sourceId: source.id, version: source.version, reason };
      const result = step === "burn" ? await burnSourceAction(base) : await lowerSourceProtectionAction({ ...base, protection: level });
      if (result.ok) {
        setStep(null);
        // Done: the entry's actions menu these steps sit in closes.
        root.current?.closest<HTMLElement>("[popover]")?.hidePopover();
        router.refresh();
      }
      return result;
    });

  if (step === null) {
    return (
      <span ref={root} className="flex flex-col gap-1">
        {lower.length ? (
          <Button variant="ghost" onClick={() => open("lower")} aria-label={`Lower protection of ${source.displayName}`}>
            Lower protection…
          </Button>
        ) : null}
        <Button variant="ghost" className="text-red-700" onClick={() => open("burn")} aria-label={`Burn source ${source.displayName}`}>
          Burn…
        </Button>
      </span>
    );
  }

  return (
    <span ref={root} role="group" aria-label={step === "burn" ? "Confirm burn" : "Confirm lower protection"} className="flex w-full flex-col sm:max-w-80 gap-1 rounded border border-red-200 bg-red-50 p-2 text-xs text-red-950">
      {step === "burn" ? (
        <span>
          Burning destroys the key of <strong>{source.displayName}</strong>: its name, role or affiliation, link, notes and contact details become
          unreadable for everyone — you included — in the entry, in every past version and in every backup taken from now on. Quotes, questions and
          events keep their links, to “Burned source”. This cannot be undone; older backups keep the key until they expire.
        </span>
      ) : (
        <label className="flex items-center gap-2">
          <span>
            Lower the protection of <strong>{source.displayName}</strong> from {PROTECTION_LABELS[source.protection]} to
          </span>
          <select className="rounded border border-slate-300 px-1 py-0.5" value={level} onChange={(event) => setLevel(event.target.value as ProtectionValue)} aria-label="New protection level">
            {lower.map((value) => (
              <option key={value} value={value}>
                {PROTECTION_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="flex flex-col gap-0.5">
        <span>Reason (kept in the history)</span>
        <textarea className="rounded border border-slate-300 px-1 py-0.5 text-slate-900" rows={2} value={reason} onChange={(event) => setReason(event.target.value)} aria-label={step === "burn" ? "Reason for burning" : "Reason for lowering"} />
      </label>
      <span className="flex items-center gap-1">
        <Button variant="danger" className="h-7 px-2 text-xs" onClick={submit} disabled={pending}>
          {step === "burn" ? (pending ? "Burning…" : "Burn this source") : pending ? "Lowering…" : "Lower protection"}
        </Button>
        <Button variant="ghost" className="h-7 px-2 text-xs" onClick={() => setStep(null)} disabled={pending}>
          Cancel
        </Button>
        <FormStatus state={state} />
      </span>
    </span>
  );
}

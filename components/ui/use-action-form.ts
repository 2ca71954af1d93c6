"use client";
import { useState } from "react";
import { useForm, type DefaultValues, type FieldErrors, type FieldValues, type Path, type Resolver } from "react-hook-form";
import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/define-action";
import { announce } from "./announcer";
import type { SaveState } from "./form-status";
import { UNREACHABLE } from "@/components/ui/unreachable";

/**
 * A form validated in the browser with the entity's shared zod schema — the same schema the
 * server action and the domain function parse with — then submitted to the action. Server
 * field errors land on their fields; the save state is visible; a conflict hands the latest
 * version to the caller while the user's input stays in the form.
 *
 * `toInput` maps the form's values to the action's input (e.g. adding the entry's id and the
 * version it started from); by default the values are the input.
 */
export function useActionForm<TValues extends FieldValues, TInput, TResult>(options: {
  schema: z.ZodType<unknown, TInput>;
  action: (input: TInput) => Promise<ActionResult<TResult>>;
  defaultValues: DefaultValues<TValues>;
  toInput?: (values: TValues) => TInput;
  onSuccess?: (data: TResult, values: TValues) => void;
  onConflict?: (latest: unknown) => void;
  /** Said to screen-reader users once saved (the form may close at once): "Saved." by default. */
  announced?: string;
}) {
  const toInput = options.toInput ?? ((values: TValues) => values as unknown as TInput);
  const resolver: Resolver<TValues> = async (values) => {
    const parsed = options.schema.safeParse(toInput(values));
    if (parsed.success) return { values, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "root");
      errors[field] ??= { type: issue.code, message: issue.message };
    }
    return { values: {}, errors: errors as FieldErrors<TValues> };
  };
  const form = useForm<TValues>({ resolver, defaultValues: options.defaultValues });
  const [state, setState] = useState<SaveState>({ kind: "idle" });

  const onSubmit = form.handleSubmit(async (values) => {
    setState({ kind: "saving" });
    let result: ActionResult<TResult>;
    try {
      result = await options.action(toInput(values));
    } catch {
      setState({ kind: "error", message: UNREACHABLE });
      return;
    }
    if (result.ok) {
      setState({ kind: "saved" });
      announce(options.announced ?? "Saved.");
      options.onSuccess?.(result.data, values);
      return;
    }
    for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
      if (messages[0]) form.setError(field as Path<TValues>, { message: messages[0] });
    }
    if (result.code === "CONFLICT") options.onConflict?.(result.latest);
    setState({ kind: "error", message: result.message });
  });

  const errorOf = (name: string): string | undefined => {
    const error = name.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], form.formState.errors);
    return (error as { message?: string } | undefined)?.message;
  };

  return { form, onSubmit, state, setState, errorOf };
}

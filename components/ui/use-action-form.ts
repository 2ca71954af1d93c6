"use client";
import { useState } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/define-action";
import type { SaveState } from "./form-status";

/**
 * A form validated with the entity's shared zod schema in the browser, submitted to
 * a server action that validates again with the same schema. Server field errors
 * land on their fields; the save state is visible; a conflict hands the latest
 * version to the caller while the user's input stays in the form.
 */
export function useActionForm<TValues extends FieldValues, TOutput, TResult>(options: {
  schema: z.ZodType<TOutput, TValues>;
  action: (input: TValues) => Promise<ActionResult<TResult>>;
  defaultValues: DefaultValues<TValues>;
  onSuccess?: (data: TResult, values: TValues) => void;
  onConflict?: (latest: unknown) => void;
}) {
  const form = useForm<TValues, unknown, TOutput>({
    resolver: zodResolver(options.schema),
    defaultValues: options.defaultValues,
  });
  const [state, setState] = useState<SaveState>({ kind: "idle" });

  const onSubmit = form.handleSubmit(async () => {
    setState({ kind: "saving" });
    const values = form.getValues();
    let result: ActionResult<TResult>;
    try {
      result = await options.action(values);
    } catch {
      setState({ kind: "error", message: "Could not reach the server. Check your connection and try again." });
      return;
    }
    if (result.ok) {
      setState({ kind: "saved" });
      options.onSuccess?.(result.data, values);
      return;
    }
    for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
      if (messages[0]) form.setError(field as Path<TValues>, { message: messages[0] });
    }
    if (result.code === "CONFLICT") options.onConflict?.(result.latest);
    setState({ kind: "error", message: result.message });
  });

  const errorOf = (name: Path<TValues>): string | undefined => {
    const error = name.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], form.formState.errors);
    return (error as { message?: string } | undefined)?.message;
  };

  return { form, onSubmit, state, setState, errorOf };
}

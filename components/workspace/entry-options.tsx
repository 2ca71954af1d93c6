"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { LinkOption } from "./link-picker";

type EntryOptions = { sources: ReadonlyArray<LinkOption>; quotes: ReadonlyArray<LinkOption> };

const OptionsContext = createContext<EntryOptions>({ sources: [], quotes: [] });

/**
 * The story's sources and quotes for the pickers of a panel's forms, sent once per page
 * rather than once per entry (a panel of 50 quotes would otherwise carry 50 speaker lists).
 */
export function EntryOptionsProvider({ sources = [], quotes = [], children }: Partial<EntryOptions> & { children: ReactNode }) {
  return <OptionsContext.Provider value={{ sources, quotes }}>{children}</OptionsContext.Provider>;
}

export const useEntryOptions = () => useContext(OptionsContext);

"use client";
import { createContext, useContext } from "react";

type EntryEditing = { close: () => void };

/** Given by EditableEntry around an open edit form. */
export const EditingContext = createContext<EntryEditing>({ close: () => {} });

/** Inside an entry's edit form: closes the form (after a save, or on cancel). */
export const useEntryEditing = () => useContext(EditingContext);

"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useOptimistic, useRef, useState, useTransition } from "react";
import { FilterSelect } from "@/components/ui/filter-select";

export type FilterOption = { value: string; label: string };
/** `allLabel`: what the unset value means ("All" unless the filter has a default, e.g. open follow-ups). */
export type FilterDef = { name: string; label: string; options: ReadonlyArray<FilterOption>; allLabel?: string };

/**
 * Filters, search and sort of a panel, kept in the URL (shareable, back-button friendly).
 * "/" focuses the search box.
 */
export function FilterBar({
  filters,
  sorts,
  searchLabel,
}: {
  filters: ReadonlyArray<FilterDef>;
  sorts: ReadonlyArray<FilterOption>;
  /** The search box's label; none: the panel has no search. */
  searchLabel?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  // The controls show the new choice at once, while the panel reloads.
  const [shown, setShown] = useOptimistic(searchParams.toString());
  const params = new URLSearchParams(shown);
  const [q, setQ] = useState(params.get("q") ?? "");
  const search = useRef<HTMLInputElement>(null);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    next.delete("page");
    startTransition(() => {
      setShown(next.toString());
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    });
  };

  useEffect(() => {
    const focusSearch = () => search.current?.focus();
    window.addEventListener("storydesk:focus-search", focusSearch);
    return () => window.removeEventListener("storydesk:focus-search", focusSearch);
  }, []);

  return (
    <form
      role="search"
      aria-label="Filter entries"
      aria-busy={pending}
      className="flex flex-wrap items-end gap-2 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        update({ q: q.trim() || null });
      }}
    >
      {searchLabel ? (
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600">{searchLabel}</span>
          <input
            ref={search}
            type="search"
            value={q}
            onChange={(event) => setQ(event.target.value)}
            onBlur={() => (q.trim() || null) !== params.get("q") && update({ q: q.trim() || null })}
            placeholder="Search…  (/)"
            aria-keyshortcuts="/"
            className="h-8 w-48 rounded border border-slate-300 px-2"
          />
        </label>
      ) : null}
      {filters.map((filter) => (
        <FilterSelect
          key={filter.name}
          label={filter.label}
          all={filter.allLabel ?? "All"}
          options={filter.options}
          value={params.get(filter.name) ?? ""}
          onChange={(event) => update({ [filter.name]: event.target.value || null })}
          className="max-w-52"
        />
      ))}
      {sorts.length > 1 ? (
        <FilterSelect
          label="Sort"
          options={sorts}
          value={params.get("sort") ?? sorts[0]?.value ?? ""}
          onChange={(event) => update({ sort: event.target.value === sorts[0]?.value ? null : event.target.value })}
        />
      ) : null}
      <label className="flex h-8 items-center gap-1.5 text-xs text-slate-700">
        <input type="checkbox" checked={params.get("deleted") === "1"} onChange={(event) => update({ deleted: event.target.checked ? "1" : null })} />
        Show deleted
      </label>
      {pending ? <span role="status" className="h-8 text-xs leading-8 text-slate-500">Loading…</span> : null}
    </form>
  );
}

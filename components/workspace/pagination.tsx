import Link from "next/link";

/** Previous/next links that keep the panel's filters. */
export function Pagination({ page, pageCount, total, params }: { page: number; pageCount: number; total: number; params: Record<string, string> }) {
  if (pageCount <= 1) return null;
  const href = (target: number) => `?${new URLSearchParams({ ...params, page: String(target) }).toString()}`;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between text-sm text-slate-600">
      <span>
        Page {page} of {pageCount} · {total} entries
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link href={href(page - 1)} className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50">
            Previous
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link href={href(page + 1)} className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50">
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}

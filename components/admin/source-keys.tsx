import Link from "next/link";
import type { SourceKeysOverview } from "@/lib/server/sources/protection";

const count = (n: number) => n.toLocaleString("en");

/**
 * Source identities at rest: the data keys by desk key (for rotation), and the past revisions
 * that still hold an identity as it was stored before every identity was sealed (issue 13) —
 * the ledger is append-only, so they stay; the README says what to do about them.
 */
export function SourceKeys({ overview }: { overview: SourceKeysOverview }) {
  const { census, legacy } = overview;
  return (
    <section aria-labelledby="source-keys-heading" className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-3 text-sm">
      <h2 id="source-keys-heading" className="font-semibold">
        Source keys
      </h2>
      <p className="text-slate-600">
        Every source&apos;s identity is sealed with its own data key, stored only wrapped by the desk key. Rotate the desk key with{" "}
        <code className="font-mono">npm run keys:rotate</code> (see the README).
      </p>
      {census ? (
        <p aria-label="Data keys by desk key">
          Current desk key <code className="font-mono">{census.current}</code>:{" "}
          {Object.entries(census.byDeskKey)
            .map(([id, keys]) => `${count(keys)} wrapped by ${id}${id === census.current ? "" : " (older: run the rotation)"}`)
            .join(", ") || "no data keys yet"}
          ; {count(census.burned)} burned.
        </p>
      ) : (
        <p className="font-medium text-red-700">No desk key is configured: set STORYDESK_ENCRYPTION_KEYS.</p>
      )}
      {legacy.total === 0 ? (
        <p className="text-emerald-700">No past revision holds a source&apos;s identity unsealed ✓</p>
      ) : (
        <div className="flex flex-col gap-1">
          <p className="font-medium text-amber-800">
            {count(legacy.total)} past revisions hold a source&apos;s identity as it was stored before sealing (plaintext, or sealed with the desk key
            only). The ledger cannot drop them without breaking its chain; burning the source does not erase them. See “Identities in old revisions” in
            the README.
          </p>
          <table className="text-xs">
            <caption className="sr-only">Revisions holding unsealed identities</caption>
            <thead>
              <tr className="text-left text-slate-500">
                <th className="pr-3 font-normal">Story</th>
                <th className="pr-3 font-normal">Revision</th>
                <th className="pr-3 font-normal">In plaintext</th>
                <th className="pr-3 font-normal">Desk key only</th>
              </tr>
            </thead>
            <tbody>
              {legacy.items.map((item) => (
                <tr key={`${item.storyId}:${item.seq}`}>
                  <td className="pr-3">
                    <Link className="text-blue-700 hover:underline" href={`/stories/${item.storyId}/history`}>
                      {item.storyTitle}
                    </Link>
                  </td>
                  <td className="pr-3 font-mono">#{item.seq}</td>
                  <td className="pr-3">{item.plaintext.join(", ") || "—"}</td>
                  <td className="pr-3">{item.deskKeyOnly.join(", ") || "—"}{item.burned ? " (source burned since)" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

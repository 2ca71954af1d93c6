import type { SessionView } from "@/lib/server/sessions";
import { formatMoment } from "@/lib/time-zone";
import { EndSessionButton } from "./session-controls";

/**
 * Live sessions: the device (browser and system, from its user agent), the address it signed
 * in from and when it was last seen. No place is shown: the desk has no location database,
 * and an address alone does not honestly say where someone is.
 */
export function SessionTable({ sessions, timeZone, owner, asAdmin = false }: { sessions: SessionView[]; timeZone: string; owner: string; asAdmin?: boolean }) {
  return (
    <div className="overflow-x-auto" role="region" aria-label="Sessions" tabIndex={0}>
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Sessions of {owner}</caption>
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="px-3 py-1.5 font-medium">Device</th>
            <th className="px-3 py-1.5 font-medium">Address</th>
            <th className="px-3 py-1.5 font-medium">Signed in</th>
            <th className="px-3 py-1.5 font-medium">Last seen</th>
            <th className="px-3 py-1.5 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr key={session.id} className="border-t border-slate-100">
              <td className="px-3 py-2">
                {session.device}
                {session.current ? <span className="ml-2 rounded bg-emerald-50 px-1.5 text-xs font-medium text-emerald-800">this browser</span> : null}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{session.address ?? "unknown"}</td>
              <td className="px-3 py-2">{formatMoment(session.signedInAt, timeZone)}</td>
              <td className="px-3 py-2">{formatMoment(session.lastSeenAt, timeZone)}</td>
              <td className="px-3 py-2 text-right">
                {session.current && !asAdmin ? null : <EndSessionButton sessionId={session.id} asAdmin={asAdmin} label={`End the session on ${session.device} of ${owner}`} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

"use client";
import { useEffect } from "react";
import { DATABASE_UNAVAILABLE_DIGEST } from "@/lib/errors";

const RETRY_SECONDS = 5;

// Shown for unexpected errors: a generic message, never the error's own text. When the page
// could not reach the database (its digest says so), it says that instead and tries again.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const databaseDown = error.digest === DATABASE_UNAVAILABLE_DIGEST;
  useEffect(() => {
    if (!databaseDown) return;
    const timer = setTimeout(() => window.location.reload(), RETRY_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [databaseDown]);
  return (
    <main className="mx-auto flex max-w-md flex-col gap-2 p-10 text-center">
      <h1 className="text-xl font-semibold">{databaseDown ? "The desk's database is unavailable" : "Something went wrong"}</h1>
      <p className="text-sm text-slate-600">
        {databaseDown
          ? `Storydesk cannot reach its database just now; everything already saved is kept. This page tries again every ${RETRY_SECONDS} seconds.`
          : "Please try again. If it keeps happening, tell an admin."}
      </p>
      <button type="button" onClick={databaseDown ? () => window.location.reload() : reset} className="mx-auto rounded bg-slate-900 px-3 py-1.5 text-sm text-white">
        Try again
      </button>
    </main>
  );
}

"use client";

// Shown for unexpected errors: a generic message, never the error's own text.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex max-w-md flex-col gap-2 p-10 text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="text-sm text-slate-600">Please try again. If it keeps happening, tell an admin.</p>
      <button type="button" onClick={reset} className="mx-auto rounded bg-slate-900 px-3 py-1.5 text-sm text-white">
        Try again
      </button>
    </main>
  );
}

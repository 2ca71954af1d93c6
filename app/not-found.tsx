import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex max-w-md flex-col gap-2 p-10 text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="text-sm text-slate-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className="text-sm text-blue-700 underline">
        Back to the desk
      </Link>
    </main>
  );
}

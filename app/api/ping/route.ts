import { NextResponse } from "next/server";

// The cheapest route the app has: the benchmark's baseline for a server render.
export const dynamic = "force-dynamic";

export function GET() {
  return NextResponse.json({ ok: true });
}

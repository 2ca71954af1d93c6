import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/server/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health, { status: health.database === "reachable" ? 200 : 503 });
}

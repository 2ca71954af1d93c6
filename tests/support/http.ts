// Talking to a running desk the way a browser (or an attacker's script) does: sign in through
// next-auth's own endpoints, call server actions by id, read their answers.
import fs from "node:fs";
import path from "node:path";

/** Cookies as a browser keeps them: name → value, updated from each response's Set-Cookie. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  copy(): CookieJar {
    const jar = new CookieJar();
    for (const [name, value] of this.cookies) jar.cookies.set(name, value);
    return jar;
  }

  /** Another browser of the same person: the device cookie only (it signed in here before). */
  deviceOnly(): CookieJar {
    const jar = new CookieJar();
    const device = this.cookies.get("storydesk-device");
    if (device) jar.cookies.set("storydesk-device", device);
    return jar;
  }
}

export type SignInResult = { status: number; error: string | null; jar: CookieJar };

/** One sign-in attempt through next-auth (CSRF token first), as the sign-in form makes it. */
export async function signIn(baseUrl: string, email: string, password: string, jar = new CookieJar()): Promise<SignInResult> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie: jar.header() } });
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  jar.take(response);
  const location = response.headers.get("location") ?? ((await response.json().catch(() => ({}))) as { url?: string }).url ?? "";
  const error = new URL(location, baseUrl).searchParams.get("error");
  return { status: response.status, error, jar };
}

export async function signedIn(baseUrl: string, email: string, password: string): Promise<CookieJar> {
  const result = await signIn(baseUrl, email, password);
  if (result.error || !result.jar.get("next-auth.session-token")) throw new Error(`could not sign in as ${email}: ${result.error ?? result.status}`);
  return result.jar;
}

/** Signs out through next-auth, as the Sign out button does. */
export async function signOut(baseUrl: string, jar: CookieJar): Promise<void> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie: jar.header() } });
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  jar.take(response);
}

type ManifestEntry = { workers: Record<string, unknown>; filename: string; exportedName: string };

export type ServerAction = { id: string; file: string; name: string; worker: string };

/** Every server action of the production build, from Next's own manifest: what a client can call. */
export function builtServerActions(root = process.cwd()): ServerAction[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as { node: Record<string, ManifestEntry> };
  return Object.entries(manifest.node).map(([id, entry]) => ({ id, file: entry.filename, name: entry.exportedName, worker: Object.keys(entry.workers)[0]! }));
}

/** The URL of a page worker ("app/(desk)/stories/[storyId]/page") with its dynamic segments filled in. */
export function pageUrl(worker: string, params: Record<string, string>): string {
  const route = worker
    .replace(/^app/, "")
    .replace(/\/page$/, "")
    .replace(/\/\([^)]+\)/g, "")
    .replace(/\[([^\]]+)\]/g, (_, name: string) => params[name] ?? name);
  return route || "/";
}

export type ActionAnswer = { status: number; text: string; result: { ok: boolean; code?: string; message?: string; fieldErrors?: Record<string, string[]> } | null; thrown: boolean };

/** Posts a server action's raw body (normally `JSON.stringify([input])`) as React's client does. */
export async function postAction(
  baseUrl: string,
  action: { id: string; path: string },
  body: BodyInit,
  jar: CookieJar | null,
  contentType = "text/plain;charset=UTF-8",
): Promise<ActionAnswer> {
  const response = await fetch(`${baseUrl}${action.path}`, {
    method: "POST",
    headers: { "Next-Action": action.id, "Content-Type": contentType, Accept: "text/x-component", Origin: baseUrl, cookie: jar?.header() ?? "" },
    body,
  });
  const text = await response.text();
  // React's answer: line 0 points at the result ("$@1"), line 1 is it; "1:E{…}" is an error thrown on the server.
  const line = text.split("\n").find((candidate) => candidate.startsWith("1:"));
  const thrown = line?.startsWith("1:E") ?? false;
  let result: ActionAnswer["result"] = null;
  if (line && !thrown) {
    try {
      result = JSON.parse(line.slice(2)) as ActionAnswer["result"];
    } catch {
      result = null;
    }
  }
  return { status: response.status, text, result, thrown };
}

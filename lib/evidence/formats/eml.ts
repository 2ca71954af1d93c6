// An e-mail (.eml, RFC 5322 + MIME): subject, sender, date, Message-ID (the item's guid) and
// In-Reply-To (what it follows up), and its text part (or its HTML part made text).
import { simpleParser } from "mailparser";
import { EvidenceError, type ParsedFields } from "../types";
import { htmlBody } from "./html";

const bare = (id: string | undefined) => id?.trim().replace(/^<|>$/g, "") || null;

/** `source`: the file's bytes as received (mailparser decodes each part by its own charset: windows-1255, 8-bit…), or pasted text. */
export async function parseEml(source: string | Uint8Array): Promise<ParsedFields> {
  const head = typeof source === "string" ? source.slice(0, 2_000) : new TextDecoder("latin1").decode(source.subarray(0, 2_000));
  if (!/^[\w-]+:/m.test(head)) throw new EvidenceError("This is not an e-mail file (.eml): it has no headers.");
  const mail = await simpleParser(typeof source === "string" ? source : Buffer.from(source), { skipHtmlToText: true, skipImageLinks: true, skipTextLinks: true }).catch(() => {
    throw new EvidenceError("This e-mail file could not be read. Save the message again as .eml, or paste its text.");
  });
  const body = mail.text?.trim() ? mail.text : typeof mail.html === "string" ? htmlBody(mail.html) : "";
  const from = mail.from?.value[0];
  const guid = bare(mail.messageId);
  const references = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  return {
    body,
    title: mail.subject ?? null,
    origin: from?.address?.split("@")[1] ?? null,
    byline: from ? from.name || from.address || null : null,
    publishedAt: mail.date ?? null,
    language: typeof mail.headers.get("content-language") === "string" ? (mail.headers.get("content-language") as string) : null,
    item: guid ? { guid, version: null, rewriteOf: bare(mail.inReplyTo) ?? bare(references.at(-1)), associations: [] } : null,
  };
}

import { describe, expect, it } from "vitest";
import { findNotes, generateSignerKey, openNote, parseSignerKey, parseVerifierKey, signNote, verifierKeyOf, verifierOf } from "./note";

// Test vectors from Go's golang.org/x/mod/sumdb/note (package documentation) and from the
// C2SP signed-note specification: a note signed here must be byte-identical to Go's, and
// their notes must open here.
const GO_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const C2SP_VERIFIER = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
const C2SP_NOTE = "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

describe("signed notes (C2SP, as Go's sumdb/note)", () => {
  it("signs exactly as Go does, and derives the same verifier key and key ID", () => {
    const signer = parseSignerKey(GO_SIGNER);
    expect(signer.keyId.toString(16)).toBe("c74f20a3");
    expect(verifierKeyOf(signer)).toBe(GO_VERIFIER);
    expect(signNote(GO_TEXT, signer)).toBe(GO_NOTE);
  });

  it("opens Go's and the specification's notes with their verifier keys", () => {
    expect(openNote(GO_NOTE, [parseVerifierKey(GO_VERIFIER)])).toEqual({
      ok: true,
      text: GO_TEXT,
      verified: [{ name: "PeterNeumann", keyId: 0xc74f20a3 }],
      unverified: [],
    });
    expect(openNote(C2SP_NOTE, [parseVerifierKey(C2SP_VERIFIER)])).toMatchObject({ ok: true, text: "This is an example message.\n" });
  });

  it("refuses an altered text, an unknown key and a malformed note", () => {
    const verifier = parseVerifierKey(GO_VERIFIER);
    expect(openNote(GO_NOTE.replace("answer", "ANSWER"), [verifier])).toMatchObject({ ok: false, reason: "invalid-signature" });
    expect(openNote(GO_NOTE, [parseVerifierKey(C2SP_VERIFIER)])).toMatchObject({ ok: false, reason: "unknown-key", unverified: [{ name: "PeterNeumann" }] });
    expect(openNote(GO_TEXT, [verifier])).toMatchObject({ ok: false, reason: "malformed" });
    expect(openNote(GO_NOTE.replace("— ", "- "), [verifier])).toMatchObject({ ok: false, reason: "malformed" });
    expect(openNote(GO_NOTE.replace("problem,", "problem,\t"), [verifier])).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("ignores a signature by an unknown key beside a valid one, as the specification requires", () => {
    const other = parseSignerKey(generateSignerKey("other.example/desk").signerKey);
    const cosigned = signNote(GO_TEXT, other) + GO_NOTE.slice(GO_TEXT.length + 1);
    const opened = openNote(cosigned, [parseVerifierKey(GO_VERIFIER)]);
    expect(opened).toMatchObject({ ok: true, verified: [{ name: "PeterNeumann" }], unverified: [{ name: "other.example/desk" }] });
  });

  it("generates keys whose notes open with the published verifier key", () => {
    const { signerKey, verifierKey } = generateSignerKey("newsroom.example/storydesk");
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+newsroom\.example\/storydesk\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    const signer = parseSignerKey(signerKey);
    expect(verifierKeyOf(signer)).toBe(verifierKey);
    const note = signNote("hello\n", signer);
    expect(openNote(note, [parseVerifierKey(verifierKey)])).toMatchObject({ ok: true });
    expect(openNote(note, [verifierOf(signer)])).toMatchObject({ ok: true });
    expect(() => parseSignerKey(signerKey.replace(/\+([0-9a-f]{8})\+/, "+00000000+"))).toThrow(/key ID/);
    expect(() => generateSignerKey("has space")).toThrow(/key name/);
  });

  it("finds the notes in a file of checkpoints or a document", () => {
    const signer = parseSignerKey(generateSignerKey("newsroom.example/storydesk").signerKey);
    const a = signNote("a\n1\n", signer);
    const b = signNote("b\n2\n", signer);
    expect(findNotes(`${a}\n${b}`)).toEqual([a, b]);
    expect(findNotes(`# Dossier\n\nSome text.\n\n\`\`\`text\n${a}\`\`\`\n`)).toEqual([a]);
    expect(findNotes("no note here\n\n- a list\n")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { checkpointNotesIn, checkpointText, parseCheckpointText, readCheckpoint, signCheckpoint } from "./checkpoint-note";
import { generateSignerKey, openNote, parseSignerKey, parseVerifierKey, verifierOf } from "./note";

const STORY = "3f9c0c1e-5d7a-4a63-9a8e-2f1b6c7d8e90";
const HASH = "b7c1" + "0".repeat(60);
const facts = { chain: STORY, seq: 412, headHash: HASH, signedAt: new Date("2026-12-01T14:02:03.123Z") };

describe("a checkpoint note", () => {
  it("is laid out as a transparency-log checkpoint: origin, size, base64 hash, then the time", () => {
    expect(checkpointText("newsroom.example/storydesk", facts)).toBe(
      `newsroom.example/storydesk/${STORY}\n412\n${Buffer.from(HASH, "hex").toString("base64")}\ntime 2026-12-01T14:02:03.123Z\n`,
    );
    expect(parseCheckpointText(checkpointText("newsroom.example/storydesk", facts))).toEqual(facts);
    expect(parseCheckpointText(checkpointText("newsroom.example/storydesk", { ...facts, chain: "desk" }))).toMatchObject({ chain: "desk" });
  });

  it("refuses what is not one: another origin, a size with a leading zero, a short hash, no time", () => {
    const text = checkpointText("newsroom.example/storydesk", facts);
    expect(parseCheckpointText(text.replace(STORY, "not-a-chain"))).toBeNull();
    expect(parseCheckpointText(text.replace("\n412\n", "\n0412\n"))).toBeNull();
    expect(parseCheckpointText(text.replace(/\n[A-Za-z0-9+/=]{44}\n/, "\nAAAA\n"))).toBeNull();
    expect(parseCheckpointText(text.replace(/time .*\n$/, ""))).toBeNull();
  });

  it("is signed by the desk's key, opens with its verifier key, and is found in a file or a document", () => {
    const signer = parseSignerKey(generateSignerKey("newsroom.example/storydesk").signerKey);
    const signed = signCheckpoint(signer, facts);
    expect(openNote(signed.note, [verifierOf(signer)])).toMatchObject({ ok: true });
    expect(readCheckpoint(signed.note, [verifierOf(signer)])).toEqual({ ok: true, checkpoint: signed });

    const other = parseVerifierKey(generateSignerKey("other.example/desk").verifierKey);
    expect(readCheckpoint(signed.note, [other])).toMatchObject({ ok: false, reason: "unknown-key", facts, keyName: "newsroom.example/storydesk" });
    const altered = signed.note.replace("\n412\n", "\n411\n");
    expect(readCheckpoint(altered, [verifierOf(signer)])).toMatchObject({ ok: false, reason: "invalid-signature", facts: { seq: 411 } });

    const second = signCheckpoint(signer, { ...facts, seq: 413 });
    expect(checkpointNotesIn(`${signed.note}\n${second.note}`)).toEqual([signed.note, second.note]);
    expect(checkpointNotesIn(`Intro.\n\nA signed note that is not a checkpoint:\n\n— x Zm9vYmFyYmF6\n\n\`\`\`text\n${signed.note}\`\`\`\n`)).toEqual([signed.note]);
  });
});

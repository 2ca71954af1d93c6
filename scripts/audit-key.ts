// npm run audit:key               prints the desk's verifier (public) key: publish it, and keep it
//                                 outside the server (with the checkpoint files) to verify with
// npm run audit:key -- --new <name>   makes a new signing key named <name> (e.g.
//                                 newsroom.example/storydesk): set STORYDESK_SIGNING_KEY to it
// The keys are C2SP signed-note keys, as Go's golang.org/x/mod/sumdb/note makes and reads them.
import fs from "node:fs";
import path from "node:path";
import { deskVerifierKey } from "@/lib/server/ledger/keys";
import { generateSignerKey, NoteKeyError } from "@/lib/server/ledger/note";

const args = process.argv.slice(2);
let code = 0;
if (args[0] === "--new") {
  try {
    const { signerKey, verifierKey } = generateSignerKey(args[1] ?? "");
    console.log(`STORYDESK_SIGNING_KEY=${signerKey}`);
    console.log(`# Keep the line above secret (a secret store, never the database). Publish the verifier key:`);
    console.log(`# ${verifierKey}`);
  } catch (error) {
    console.error(`audit:key: ${error instanceof NoteKeyError ? error.message : String(error)}`);
    code = 2;
  }
} else if (args.length) {
  console.error("audit:key: use `npm run audit:key` or `npm run audit:key -- --new <name>`.");
  code = 2;
} else {
  // Local demo mode keeps its generated key beside the data, like the other local secrets.
  const file = path.join(path.resolve(process.env.STORYDESK_DATA_DIR ?? ".data"), "signing-key");
  if (!process.env.STORYDESK_SIGNING_KEY && fs.existsSync(file)) process.env.STORYDESK_SIGNING_KEY = fs.readFileSync(file, "utf8").trim();
  const key = deskVerifierKey();
  if (key) console.log(key);
  else {
    console.error("audit:key: no signing key: set STORYDESK_SIGNING_KEY (make one with `npm run audit:key -- --new <name>`), or start the demo once.");
    code = 1;
  }
}
process.exit(code);

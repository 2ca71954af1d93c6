import { headers } from "next/headers";

// Keys typed on a story page before it is interactive (the HTML is there, React has not yet
// hydrated the shortcuts) are kept, not lost: this script, in the page's HTML, holds them until
// WorkspaceShortcuts mounts and plays them (`takeEarlyKeys`). Only keys that would be
// shortcuts or the words after one: none typed into a field, none with a modifier. It runs with
// the page's Content-Security-Policy nonce (proxy.ts); on later client-side navigations it is
// not run again, and the shortcuts are already listening.
const SCRIPT = `(()=>{const keys=[];const typing=(t)=>t instanceof HTMLElement&&(t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));const hold=(e)=>{if(e.metaKey||e.ctrlKey||e.altKey||typing(e.target))return;if(e.key.length===1||e.key==="Enter"||e.key==="Backspace"){keys.push(e.key);e.preventDefault();}};addEventListener("keydown",hold);window.__storydeskEarlyKeys=()=>{removeEventListener("keydown",hold);return keys.splice(0);};})();`;

export async function EarlyKeys() {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SCRIPT }} />;
}

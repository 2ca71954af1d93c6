// A document's language and direction from its script, when the file does not say: Hebrew
// letters → he, Arabic letters → ar, Latin → en (the desk's three languages); the majority wins.

const HEBREW = /\p{Script=Hebrew}/gu;
const ARABIC = /\p{Script=Arabic}/gu;
const LATIN = /\p{Script=Latin}/gu;
const RTL_LANGUAGES = new Set(["he", "iw", "ar", "fa", "ur", "yi", "ps", "dv", "ckb", "sd", "ug"]);

/** The language whose script most letters of `text` are in (a sample: the first 20,000 characters). */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, 20_000);
  const counts: [string, number][] = [
    ["he", sample.match(HEBREW)?.length ?? 0],
    ["ar", sample.match(ARABIC)?.length ?? 0],
    ["en", sample.match(LATIN)?.length ?? 0],
  ];
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : null;
}

/** The writing direction of a BCP 47 language tag ("he-IL" → rtl). */
export function directionOf(language: string | null): "ltr" | "rtl" {
  const primary = language?.toLowerCase().split(/[-_]/)[0];
  return primary && RTL_LANGUAGES.has(primary) ? "rtl" : "ltr";
}

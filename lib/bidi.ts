// Direction and script of user text (issue 15). The UI is English, left to right; users write
// in any script. Where a user's words sit inside a UI sentence ("Brad Smith: “…”", "on the
// story “…”"), a right-to-left piece is wrapped in Unicode isolates (FSI … PDI, the plain-text
// twin of <bdi>) so its direction cannot pull the colon or quote marks around it to the wrong
// side. Left-to-right pieces are left as they are: in an English sentence they need nothing,
// and every Latin label stays byte-for-byte what it was.

/** Letters of the right-to-left scripts: Hebrew, Arabic (with its supplements and presentation forms), Syriac, Thaana, N'Ko. */
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const STRONG = /[\p{L}]/u;
const FSI = "\u2068";
const PDI = "\u2069";

export type Direction = "ltr" | "rtl";

export const hasRtl = (text: string): boolean => RTL_LETTER.test(text);

/** The direction of the first letter (HTML's dir="auto" rule), or null when there is none. */
export function directionOf(text: string): Direction | null {
  const first = STRONG.exec(text);
  if (!first) return null;
  return RTL_LETTER.test(first[0]) ? "rtl" : "ltr";
}

/** `text` isolated from the sentence around it when it contains right-to-left letters. */
export const isolate = (text: string): string => (hasRtl(text) ? `${FSI}${text}${PDI}` : text);

const RTL_LANGUAGES = new Set(["he", "iw", "yi", "ar", "fa", "ur", "ps", "sd", "ug", "ckb", "dv", "syr"]);

/** The direction a language is written in ("he-IL" → rtl), by its primary subtag. */
export const directionOfLanguage = (language: string): Direction =>
  RTL_LANGUAGES.has(language.toLowerCase().split(/[-_]/)[0] ?? "") ? "rtl" : "ltr";

// Letters only Persian or Urdu use among the Arabic script's (پ چ ژ گ are Persian and Urdu;
// ٹ ڈ ڑ ں ے are Urdu's): enough to tell them apart from Arabic in a sentence.
const URDU = /[\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2]/u;
const PERSIAN = /[\u067e\u0686\u0698\u06af\u06a9\u06cc]/u;
const HEBREW = /[\u0590-\u05ff\ufb1d-\ufb4f]/u;
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]/u;

/**
 * The language a text's script says it is in, for the scripts one script means one language on
 * this desk (Hebrew; Arabic, told apart from Persian and Urdu) — or null when the script does not
 * say (Latin text could be English, French, Spanish…). Decided by the majority of its letters.
 */
export function languageOfScript(text: string): string | null {
  let hebrew = 0;
  let arabic = 0;
  let other = 0;
  for (const char of text) {
    if (!STRONG.test(char)) continue;
    if (HEBREW.test(char)) hebrew++;
    else if (ARABIC.test(char)) arabic++;
    else other++;
  }
  if (hebrew > arabic && hebrew > other) return "he";
  if (arabic > hebrew && arabic > other) return URDU.test(text) ? "ur" : PERSIAN.test(text) ? "fa" : "ar";
  return null;
}

/** Whether a label was composed around isolated user text (it reads left to right, as the UI does). */
export const isComposed = (text: string): boolean => text.includes(FSI);

// A quote shown as a block in its own language (the quotes panel) wears that language's marks,
// from CLDR's delimiters: Arabic and Urdu open with ” and close with “ (in a right-to-left line
// they read as English marks mirrored), Hebrew uses ” at both ends, Persian « ». Where a quote
// sits inside an English sentence ("Brad Smith: “…”") the marks are the sentence's: English.
const QUOTE_MARKS: Record<string, readonly [string, string]> = { ar: ["”", "“"], ur: ["”", "“"], he: ["”", "”"], iw: ["”", "”"], fa: ["«", "»"] };

/** The opening and closing quotation marks of a language, by its primary subtag (English's when unknown). */
export const quoteMarks = (language: string): readonly [string, string] => QUOTE_MARKS[language.toLowerCase().split(/[-_]/)[0] ?? ""] ?? ["“", "”"];

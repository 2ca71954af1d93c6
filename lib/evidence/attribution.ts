// Who a quotation is attributed to, where its sentence says so: English (`"…," Smith said`,
// `"…," said Smith, a spokesman`, `Smith said: "…"`, `according to Smith, "…"`), Hebrew
// (`"…", אמר כהן`, `לדברי כהן, "…"`, `כהן אמר: "…"`) and Arabic (`«…»، قال المتحدث`,
// `وقال المتحدث باسم الوزارة: «…»`, `بحسب …`). Returns the words naming the speaker, as written;
// matching them to a source is speakers.ts's job.

// Verbs of saying, past and present. Hebrew and Arabic ones may carry the conjunction ו / و / ف.
const EN_VERBS =
  "said|says|say|told|tells|added|adds|stated|states|wrote|writes|explained|explains|noted|notes|argued|argues|insisted|insists|" +
  "warned|warns|declared|declares|announced|announces|asked|asks|replied|replies|responded|responds|continued|recalled|claimed|claims|" +
  "emphasized|emphasised|confirmed|confirms|commented|remarked|tweeted|posted|informed|acknowledged|admitted|conceded|maintained|observed|" +
  "predicted|promised|reported|reports|suggested|urged|vowed|pledged|cautioned|complained";
const HE_VERBS =
  "אמר|אמרה|אמרו|הוסיף|הוסיפה|הוסיפו|מסר|מסרה|מסרו|כתב|כתבה|כתבו|הודיע|הודיעה|הודיעו|הסביר|הסבירה|ציין|ציינה|טען|טענה|טענו|" +
  "הדגיש|הדגישה|סיפר|סיפרה|השיב|השיבה|הבהיר|הבהירה|התריע|התריעה|אומר|אומרת|אומרים|מוסיף|מוסיפה|נמסר|הגיב|הגיבה|צייץ|ציוץ";
const AR_VERBS =
  "قال|قالت|قالوا|يقول|تقول|أضاف|أضافت|اضاف|اضافت|صرح|صرّح|صرحت|أكد|أكّد|أكدت|اكد|أعلن|أعلنت|اعلن|ذكر|ذكرت|كتب|كتبت|أوضح|أوضحت|" +
  "اوضح|تابع|تابعت|أشار|أشارت|اشار|أفاد|أفادت|افاد|أعرب|أعربت|شدد|شددت|نقل|نقلت|غرد|غردت";
const VERB = `(?:${EN_VERBS}|[וו]?(?:${HE_VERBS})|[وف]?(?:${AR_VERBS}))`;
const ACCORDING = "(?:according to|in the words of|לדברי|לפי|על פי|כך לדברי|وفقا ل|وفقاً ل|وفقا لـ|وفقاً لـ|بحسب|حسب|على لسان|نقلا عن|نقلاً عن)";

const verbAtStart = new RegExp(`^[\\s,،:;\\-–—]*(${VERB})(?![\\p{L}\\p{M}])`, "u");
const verbAnywhere = new RegExp(`(?<![\\p{L}\\p{M}])(${VERB})(?![\\p{L}\\p{M}])`, "gu");
const accordingAnywhere = new RegExp(`(?<![\\p{L}\\p{M}])${ACCORDING}\\s*`, "giu");
const sourceOfText = /(?:report|reporting|article|investigation|statement|story|message|post|letter|interview|memo) (?:in|by|from|of|published by) /giu;

/** Words that may follow the speaker's name and are not part of it ("said Smith in a statement"). */
const TRAILING =
  /\s+(?:in|on|at|during|to|after|before|when|while|from|last|this|yesterday|today|אתמול|היום|בשיחה|בהודעה|בראיון|في|خلال|يوم|أمس|اليوم|لـ)(?=\s|$).*$/iu;
const LEADING = /^[\s,،:;\-–—]+/u;
const PRONOUNS = /^(?:he|she|they|it|we|הוא|היא|הם|הן|هو|هي|هم)$/iu;
const MAX_WORDS = 14;
// An acronym's gershayim (צה״ל, צה"ל) stands between two Hebrew letters: part of a name (the IDF
// spokesperson is "דובר צה״ל"), not a quotation mark that would make the phrase a quotation.
const ACRONYM = /(?<=\p{Script=Hebrew})["״](?=\p{Script=Hebrew})/gu;

const clean = (phrase: string) => phrase.replace(LEADING, "").replace(/[\s,،:;.\-–—]+$/u, "").trim();
const words = (phrase: string) => phrase.split(/\s+/u).filter(Boolean).length;

function usable(phrase: string | null | undefined): string | null {
  if (!phrase) return null;
  const trimmed = clean(phrase);
  if (!trimmed || words(trimmed) > MAX_WORDS || /["“”«»„״]/u.test(trimmed.replace(ACRONYM, ""))) return null;
  return trimmed;
}

/** The phrase naming the speaker after a verb that comes first ("said Smith, a spokesman, on Monday"). */
function afterVerb(rest: string): string | null {
  // Arabic and Hebrew reported speech introduce the quotation with "that" (إن / أن / כי / ש): stop there.
  const end = rest.search(/\s(?:إن|ان|أن|إنّ|כי)(?=\s|$)|[.!?؟:;]\s|[.!?؟:;]$/u);
  const phrase = end === -1 ? rest : rest.slice(0, end);
  return usable(phrase.replace(TRAILING, ""));
}

export type Attribution = { phrase: string; pronoun: boolean };

const result = (phrase: string | null): Attribution | null => (phrase ? { phrase, pronoun: PRONOUNS.test(phrase) } : null);

/**
 * The attribution of the quotation body[open, close] (its marks included), within its sentence
 * `before` (sentence start → opening mark) and `after` (closing mark → sentence end).
 */
export function attributionOf(before: string, after: string): Attribution | null {
  // After the quotation: `"…," said Smith` / `"…", אמר כהן` / `«…»، قال المتحدث`.
  const verbFirst = verbAtStart.exec(after);
  if (verbFirst) {
    const found = afterVerb(after.slice(verbFirst[0].length));
    if (found) return result(found);
  }
  // After the quotation: `"…," Smith said` / `"…," Microsoft president Brad Smith said in a message`.
  const trailing = after.replace(LEADING, "");
  verbAnywhere.lastIndex = 0;
  const verbLater = verbAnywhere.exec(trailing);
  if (verbLater && verbLater.index > 0) {
    const phrase = usable(trailing.slice(0, verbLater.index));
    if (phrase) return result(phrase);
  }
  // Before: `according to Smith, "…"` / `לדברי כהן, "…"` / `بحسب المتحدث، «…»` (the last one in the sentence).
  const according = [...before.matchAll(accordingAnywhere)].at(-1);
  if (according) {
    const rest = before.slice(according.index + according[0].length);
    const phrase = usable(rest.split(/[,،:;]/u)[0]);
    if (phrase) return result(phrase);
  }
  // Before: `Smith said: "…"` / `כהן אמר: "…"` or, verb first, `אמר כהן: "…"` / `وقال المتحدث باسم الوزارة: «…»`.
  const verbs = [...before.matchAll(verbAnywhere)];
  const verb = verbs.at(-1);
  if (verb) {
    // A verb that opens its sentence (the usual Hebrew and Arabic order) names its speaker after it.
    const subject = usable(before.slice(0, verb.index).split(/[,،;]\s/u).at(-1));
    if (subject) return result(subject.replace(/^(?:and|but|so|then)\s+/iu, ""));
    const object = afterVerb(before.slice(verb.index + verb[0].length));
    if (object) return result(object);
  }
  // Before, headline style: `Smith: "…"` / `כהן: "…"` / `القدرة: «…»` — a short name and a colon, nothing else.
  const label = /^\s*([^\s:,،;][^:,،;]{0,60}?)\s*:\s*$/u.exec(before);
  if (label && words(label[1]!) <= 4) return result(usable(label[1]));
  // Before: `a report in The Guardian that … "…"`: the text the words are quoted from.
  const cited = [...before.matchAll(sourceOfText)].at(-1);
  if (cited) {
    const rest = before.slice(cited.index + cited[0].length);
    const phrase = usable(rest.split(/\s(?:that|which|who|about|on|from|in|was|were|,)\s|[,،:;]/u)[0]);
    if (phrase) return result(phrase);
  }
  return null;
}

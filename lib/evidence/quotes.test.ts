import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { proposeQuotes, type SpeakerCandidate } from "./quotes";
import { attributionWords, findSpeaker, nameWords } from "./speakers";

const speakers: SpeakerCandidate[] = [
  { id: "smith", names: ["Brad Smith", "President, Microsoft"] },
  { id: "microsoft", names: ["Microsoft", "Technology company"] },
  { id: "cohen", names: ["Maya Cohen", "מאיה כהן", "Spokeswoman, Ministry of Health"] },
  { id: "levi", names: ["דוד לוי", "David Levi"] },
  { id: "ministry", names: ["وزارة الصحة", "Ministry of Health (Gaza)"] },
  { id: "qassem", names: ["أشرف القدرة", "Ashraf al-Qudra"] },
];

const one = (body: string) => {
  const proposals = proposeQuotes(body, speakers);
  expect(proposals).toHaveLength(1);
  return proposals[0]!;
};

describe("proposeQuotes: English", () => {
  it('finds "…," Smith said and anchors the words between the marks', () => {
    const body = "Intro.\n\n“We will cut access,” Smith said on Thursday.";
    const q = one(body);
    expect(q.text).toBe("We will cut access,");
    expect(body.slice(q.anchor.position.start, q.anchor.position.end)).toBe(q.text);
    expect(q.anchor.quote.exact).toBe(q.text);
    expect(q).toMatchObject({ attribution: "Smith", speakerId: "smith" });
  });

  it("handles said-first, colon-before, according-to and typewriter quotes", () => {
    expect(one('"It is over," said Maya Cohen, a spokeswoman for the ministry.')).toMatchObject({ text: "It is over,", speakerId: "cohen" });
    expect(one("Brad Smith said: “We do not provide that.”")).toMatchObject({ text: "We do not provide that.", attribution: "Brad Smith", speakerId: "smith" });
    expect(one("According to Cohen, “the ward is full.”")).toMatchObject({ attribution: "Cohen", speakerId: "cohen" });
    expect(one("Microsoft told staff: \"The review continues.\"")).toMatchObject({ speakerId: "microsoft" });
  });

  it("attributes both halves of a quotation split by its attribution", () => {
    const run = proposeQuotes("“We are sure,” Smith said, “that this is right.”", speakers);
    expect(run.map((p) => [p.text, p.speakerId])).toEqual([
      ["We are sure,", "smith"],
      ["that this is right.", "smith"],
    ]);
  });

  it("gives the head of the phrase when it names two sources (Microsoft president Brad Smith)", () => {
    expect(one("“Yes,” Microsoft president Brad Smith said.").speakerId).toBe("smith");
  });

  it("leaves the speaker empty when unsure or unknown", () => {
    expect(one("“No comment,” a spokesman said.")).toMatchObject({ attribution: "a spokesman", speakerId: null });
    expect(one("The sign read “closed for the day” in red.").speakerId).toBeNull();
    // Scare quotes and titles (three words or fewer, nobody said to have said them) are not proposed.
    expect(proposeQuotes("An Israeli “defense unit” used the “Azure” cloud, the \"New York Times\" wrote.", speakers)).toEqual([]);
    expect(proposeQuotes("“No,” she said. “Never,” Smith said.", speakers).map((p) => [p.text, p.speakerId])).toEqual([
      ["No,", null],
      ["Never,", "smith"],
    ]);
    // "the ministry" names neither source on its own: two candidates have a ministry.
    expect(one("“It is full,” the ministry said.").speakerId).toBeNull();
  });

  it("takes an affiliation's word (“the ministry”) when only one source has it", () => {
    const desk: SpeakerCandidate[] = [
      { id: "cohen", names: ["Maya Cohen", "Spokeswoman, Ministry of Health"] },
      { id: "smith", names: ["Brad Smith", "President, Microsoft"] },
    ];
    expect(proposeQuotes("“The ward is full,” the ministry said.", desk)[0]).toMatchObject({ attribution: "the ministry", speakerId: "cohen" });
  });

  it("does not take apostrophes for quote marks", () => {
    const body = "Microsoft’s staff don't know. The Guardian’s report isn't out; workers' rights ’s.";
    expect(proposeQuotes(body, speakers)).toEqual([]);
    expect(one("“We don’t provide Azure’s storage,” Smith said.").text).toBe("We don’t provide Azure’s storage,");
  });

  it("keeps nested quotations inside the outer one", () => {
    const q = one("“They called it ‘a welcome step’ and “a start”,” Smith said.");
    expect(q.text).toBe("They called it ‘a welcome step’ and “a start”,");
    expect(q.speakerId).toBe("smith");
  });

  it("keeps a quotation over several paragraphs whole, and follows a speaker into the next paragraph", () => {
    const body = "Smith said: “First paragraph of it.\n\n“Second paragraph of it.”\n\nOther news.";
    const q = one(body);
    expect(q.text).toBe("First paragraph of it.\n\n“Second paragraph of it.");
    const run = proposeQuotes("“One,” Smith said.\n\n“Two and more.”\n\n“Three,” he said.", speakers);
    expect(run.map((p) => p.speakerId)).toEqual(["smith", "smith", "smith"]);
  });
});

describe("proposeQuotes: Hebrew", () => {
  it("finds ״…״, „…“ and \"…\" with Hebrew attributions", () => {
    expect(one("״אנחנו בודקים את הדיווח״, אמרה כהן.")).toMatchObject({ text: "אנחנו בודקים את הדיווח", attribution: "כהן", speakerId: "cohen", language: "he" });
    expect(one("לדברי דוד לוי, „המצב קשה מאוד“.")).toMatchObject({ text: "המצב קשה מאוד", speakerId: "levi" });
    expect(one('"אין לנו תגובה", מסר לוי.')).toMatchObject({ text: "אין לנו תגובה", speakerId: "levi" });
    expect(one('כהן אמרה: "הבדיקה נמשכת".')).toMatchObject({ speakerId: "cohen" });
  });

  it("does not take an acronym's gershayim for a quote mark (צה״ל, צה\"ל)", () => {
    expect(proposeQuotes("דובר צה״ל ודובר צה\"ל לא הגיבו.", speakers)).toEqual([]);
    expect(one('"דובר צה"ל לא הגיב", אמר לוי.')).toMatchObject({ text: 'דובר צה"ל לא הגיב', speakerId: "levi" });
  });

  it("keeps an acronym's gershayim inside the speaker's name (דובר צה״ל אמר: ״…״)", () => {
    expect(one("דובר צה״ל אמר: ״אנחנו בודקים את הדיווח״.")).toMatchObject({ text: "אנחנו בודקים את הדיווח", attribution: "דובר צה״ל" });
    expect(one("„אנחנו בודקים את הדיווח“, אמר דובר צה\"ל.")).toMatchObject({ attribution: 'דובר צה"ל' });
  });
});

describe("proposeQuotes: Arabic", () => {
  it("finds «…» and “…” with Arabic attributions", () => {
    expect(one("وقال أشرف القدرة: «المستشفيات ممتلئة».")).toMatchObject({ text: "المستشفيات ممتلئة", speakerId: "qassem", language: "ar" });
    expect(one("«لا توجد كهرباء»، قالت وزارة الصحة.")).toMatchObject({ text: "لا توجد كهرباء", speakerId: "ministry" });
    expect(one("قال القدرة إن “الوضع كارثي”.")).toMatchObject({ text: "الوضع كارثي", speakerId: "qassem" });
    expect(one("بحسب وزارة الصحة، «ارتفع العدد».")).toMatchObject({ speakerId: "ministry" });
  });

  it("ignores harakat and letter forms when matching a name", () => {
    expect(one("«نعمل بلا توقف»، قال أشرَف القُدرة.").speakerId).toBe("qassem");
    expect(one("«نعمل»، قال اشرف القدرة.").speakerId).toBe("qassem");
  });
});

describe("proposeQuotes: headline-style attribution and any text (property, seeded)", () => {
  it("takes `Name: “…”` as an attribution", () => {
    expect(one("Cohen: “The ward is full.”")).toMatchObject({ attribution: "Cohen", speakerId: "cohen" });
    expect(one("לוי: ״אין תגובה״")).toMatchObject({ speakerId: "levi" });
  });

  it("on any mix of marks, letters and breaks: proposals in order, apart, each anchored to exactly its words", () => {
    const piece = fc.constantFrom(..."“”„«»\"'‘’״", " ", "\n\n", ", ", ". ", "said", "Smith", "אמר", "כהן", "قال", "word", "don't", "צה״ל");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const body = pieces.join("");
        const proposals = proposeQuotes(body, speakers);
        let last = -1;
        for (const p of proposals) {
          const { start, end } = p.anchor.position;
          expect(start).toBeGreaterThan(last);
          expect(body.slice(start, end)).toBe(p.text);
          expect(p.anchor.quote.exact).toBe(p.text);
          expect(p.text.trim()).not.toBe("");
          last = end;
        }
      }),
      { seed: 1717, numRuns: 500 },
    );
  });
});

describe("proposeQuotes among a story's thousand sources", () => {
  it("names the same speakers as among the few, with others sharing their generic words and letters", () => {
    const others: SpeakerCandidate[] = Array.from({ length: 1000 }, (_, n) => ({
      id: `other-${n}`,
      names: [n % 3 ? `Source ${n} of the ministry` : `מקור ${n} של המשרד`, n % 2 ? "Spokesman, Harbour authority" : "المتحدث باسم الميناء"],
    }));
    const body = [
      "“We will cut access,” Smith said.",
      "“Yes,” Microsoft president Brad Smith said.",
      "“It is full,” the ministry said.",
      "״אין תגובה״, אמר כהן.",
      "«نعمل»، قال اشرف القدرة.",
      "“No comment,” a spokesman said.",
      "“The ward is full,” said Maya Cohen, a spokeswoman for the Ministry of Health.",
    ].join("\n\n");
    const few = proposeQuotes(body, speakers).map((p) => [p.text, p.speakerId]);
    expect(few.filter(([, id]) => id)).toHaveLength(5);
    expect(proposeQuotes(body, [...others.slice(0, 500), ...speakers, ...others.slice(500)]).map((p) => [p.text, p.speakerId])).toEqual(few);
  });
});

describe("the words a name must hold for an attribution to name it (for a keyed index of sealed names)", () => {
  it("never leaves out a source findSpeaker would name, nor does its own word index: property over Latin, Hebrew and Arabic names and attributions (seeded)", () => {
    const word = fc.constantFrom("Smith", "Brad", "Cohen", "כהן", "וכהן", "לכהן", "הדובר", "דובר", "أشرف", "اشرف", "القدرة", "والقدرة", "للقدرة", "الصحة", "صحة", "وزارة", "Ministry", "of", "the", "Health", "X", "s", "O’Hara", "Müller", "Muller", "IMOD", "(IMOD)", "CAIR’s", "al-Qudra");
    const name = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(" "));
    fc.assert(
      fc.property(fc.array(fc.array(name, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 12 }), name, (names, attribution) => {
        const all: SpeakerCandidate[] = names.map((forms, index) => ({ id: String(index), names: forms }));
        const words = attributionWords([attribution]);
        const held = all.filter((candidate) => candidate.names.some((form) => words.some((w) => nameWords(form).includes(w))));
        const named = findSpeaker(attribution, all, { exhaustive: true })?.id ?? null;
        expect(findSpeaker(attribution, all)?.id ?? null).toBe(named);
        expect(findSpeaker(attribution, held)?.id ?? null).toBe(named);
      }),
      { seed: 1703, numRuns: 600 },
    );
  }, 30_000);
});

// Tones for the enum badges shown across panels.
export const RELIABILITY_TONES = { unassessed: "slate", low: "red", medium: "amber", high: "green" } as const;
export const VERIFICATION_TONES = { unverified: "slate", verified: "green", disputed: "amber", retracted: "red" } as const;
export const PRIORITY_TONES = { urgent: "red", high: "amber", normal: "slate", low: "slate" } as const;
export const QUESTION_STATUS_TONES = { open: "blue", chasing: "amber", answered: "green", dropped: "slate" } as const;

// API errors and CLI messages in both languages.
// Chinese is the source; English must name every key.

export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};

// 登记: the staff logging pages (forms per entry kind, corrections, bulk upload, WeChat export).
// Chinese is the source; English must name every key.

export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};

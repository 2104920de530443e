// The monitoring note (完成目标可能性, 偏差原因, 整改措施) on the indicator page.
// Chinese is the source; English must name every key.

export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};

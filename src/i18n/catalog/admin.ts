// 管理: the admin screens (bindings, channels, probes, robots, jobs, users, tokens, audit).
// Chinese is the source; English must name every key.

export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};

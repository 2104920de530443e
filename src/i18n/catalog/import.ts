// 管理 › 导入目标表: the target-table import with its preview and fixes.
// Chinese is the source; English must name every key.

export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};

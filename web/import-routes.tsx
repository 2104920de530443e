import { Hono } from 'hono';
import type { WebEnv } from './env.ts';

// 管理 › 导入目标表: /admin/import, its preview and fixes.

export const importPages = new Hono<WebEnv>();

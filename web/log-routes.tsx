import { Hono } from 'hono';
import type { WebEnv } from './env.ts';

// 登记: the staff logging pages under /log.

export const logPages = new Hono<WebEnv>();

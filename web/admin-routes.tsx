import { Hono } from 'hono';
import type { WebEnv } from './env.ts';

// 管理: the admin screens under /admin (bindings, channels, probes, robots, jobs, users, tokens, audit).

export const adminPages = new Hono<WebEnv>();

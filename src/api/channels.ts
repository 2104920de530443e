import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { shanghaiDate } from '../clock.ts';
import { addChannel, channelSettingsSchema, listChannels, newChannelSchema, platforms } from '../services/channels.ts';
import { importWechatExport } from '../services/wechat-export.ts';
import type { AppEnv } from './env.ts';
import { DateString, errors, IdParam, json } from './evidence-schemas.ts';
import { FileNameSchema } from './schemas.ts';
import { readUpload } from './upload.ts';
import { guard } from './guard.ts';
import { unitFilter } from '../services/access.ts';
import { listProjects } from '../services/projects.ts';

const ChannelSchema = z
  .object({
    id: z.number().int(),
    platform: z.enum(platforms),
    name: z.string(),
    settings: channelSettingsSchema,
    projects: z.array(z.object({ id: z.number().int(), name: z.string(), year: z.number().int() })),
    postCount: z.number().int(),
  })
  .openapi('Channel');

const list = createRoute({
  method: 'get',
  path: '/api/channels',
  tags: ['evidence'],
  summary: 'Publishing channels of the caller’s unit and the projects they serve (settings for admins only)',
  middleware: [guard('read')],
  responses: { 200: json(z.array(ChannelSchema), 'Channels') },
});

const create = createRoute({
  method: 'post',
  path: '/api/channels',
  tags: ['evidence'],
  summary: 'Add a channel (or link an existing one to more projects); admin',
  middleware: [guard('admin')],
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: newChannelSchema,
        },
      },
    },
  },
  responses: { 201: json(ChannelSchema, 'Channel'), 400: errors[400], 404: errors[404], 409: errors[409] },
});

const importExport = createRoute({
  method: 'post',
  path: '/api/channels/{id}/wechat-export',
  tags: ['evidence'],
  summary: 'Import a WeChat back-office export (CSV/XLSX) as posts plus a snapshot dated asOf (default today)',
  middleware: [guard('record', 'channel')],
  request: {
    params: IdParam,
    query: z.object({ asOf: DateString.optional(), fileName: FileNameSchema.optional() }),
    body: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } },
  },
  responses: {
    201: json(
      z.object({
        channel: z.object({ id: z.number().int(), name: z.string() }),
        posts: z.number().int(),
        newPosts: z.number().int(),
        snapshotsWritten: z.number().int(),
        asOf: z.string(),
      }),
      'Imported',
    ),
    400: errors[400],
    404: errors[404],
    422: errors[422],
  },
});

export const channelRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const db = c.get('deps').db;
    const actor = c.get('actor');
    const all = await listChannels(db);
    const unitId = unitFilter(actor);
    if (actor.role === 'admin') return c.json(all, 200);
    // Others see the channels serving a project of their unit, without connector settings.
    const own = unitId === null ? null : new Set((await listProjects(db, { unitId })).map((p) => p.id));
    const visible = all.filter((ch) => own === null || ch.projects.some((p) => own.has(p.id)));
    return c.json(
      visible.map((ch) => ({ ...ch, settings: {} })),
      200,
    );
  })
  .openapi(create, async (c) =>
    c.json(await addChannel(c.get('deps').db, c.req.valid('json'), { outboundHosts: c.get('deps').config.outboundHosts }, c.get('actor')), 201),
  )
  .openapi(importExport, async (c) => {
    const deps = c.get('deps');
    const q = c.req.valid('query');
    const upload = await readUpload(c, q.fileName);
    const result = await importWechatExport(deps.db, {
      channel: c.req.valid('param').id,
      ...upload,
      asOf: q.asOf ?? shanghaiDate(deps.now()),
      actor: c.get('actor'),
    });
    return c.json(result, 201);
  });

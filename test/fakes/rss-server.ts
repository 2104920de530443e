/**
 * A fake feed server (RSSHub / WeRSS / a site feed): a real HTTP server on 127.0.0.1 (random port)
 * serving an RSS 2.0 or Atom feed built from `state`, with ETag / Last-Modified validators and 304s,
 * switchable at runtime into the faults the connector must survive.
 *
 *   const feed = await startRssFake({ title: '某单位的微博', items: [
 *     { guid: 'https://weibo.com/1/A', link: 'https://weibo.com/1/A', title: '通知', pubDate: 'Tue, 14 Jan 2025 08:00:00 GMT' },
 *   ] });
 *   await fetchRssFeed(ctx, { url: feed.url }, { etag: null, lastModified: null });
 *   feed.setMode({ kind: 'gbk', charset: 'declaration' });   // GBK bytes, charset only in <?xml encoding?>
 *   feed.setMode({ kind: 'http_error', status: 503 }, { times: 2 });
 *   feed.requests;                                          // [{ method, path, query, headers, at }]
 *   await feed.close();
 *
 * The feed is at `url` (path `/feed.xml` unless `options.path`). `setItems` / `setTitle` change it and
 * move Last-Modified forward; `setRawFeed(xml)` serves that text instead (fixtures), `null` goes back.
 * Validators: ETag = `"<sha1 of the body>"`, Last-Modified = `state.lastModified`; If-None-Match (wins)
 * or If-Modified-Since that still match → 304 with no body. `state.validators = false` drops both
 * headers and ignores conditional requests. Item fields left undefined are not written.
 *
 * Modes (`setMode(mode, { times?, after? })`: `after` = serve the next N feed requests normally first;
 * `times` = then apply to N feed requests and return to `ok` (default: until changed)):
 *   ok · slow_headers {delayMs} · slow_body {delayMs} (half the body, a stall, the rest) ·
 *   http_error {status=502, retryAfterSeconds?} (HTML error page; also 404/403/410/429) ·
 *   malformed {variant} ('unclosed_tag' | 'bare_ampersand' | 'html_page' | 'no_version' | 'empty' |
 *   'text_before_root' | 'bom', the cases of rss-parser's malformed_cases.md, served with HTTP 200) ·
 *   truncated (the feed cut in half) · gbk {charset} (the feed encoded as GBK with
 *   `<?xml … encoding="GBK"?>`; charset 'declaration' = Content-Type without charset, 'header' =
 *   `charset=GBK`, 'header_says_utf8' = a wrong `charset=utf-8`) · duplicates (every item twice) ·
 *   reordered (items reversed) · huge {bytes, chunked?} (a valid feed padded to `bytes` with a comment;
 *   chunked = no Content-Length) · redirect {status=301} (Location: /moved<path>, which serves the feed) ·
 *   raw {status, headers?, body}.
 *
 * undici runs its header/body timeouts on ~0.5 s ticks: a 300 ms timeout fires after 0.5–1 s, so make
 * slow_* delays ≥ 3 s when a timeout is the point.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timerSet } from './timers.ts';

export interface RssFakeItem {
  title?: string;
  link?: string;
  guid?: string;
  /** Written verbatim (RSS pubDate / Atom published), so zone-less or odd dates can be served. */
  pubDate?: string;
  description?: string;
}

export type MalformedVariant = 'unclosed_tag' | 'bare_ampersand' | 'html_page' | 'no_version' | 'empty' | 'text_before_root' | 'bom';

export type RssFakeMode =
  | { kind: 'ok' }
  | { kind: 'slow_headers'; delayMs: number }
  | { kind: 'slow_body'; delayMs: number }
  | { kind: 'http_error'; status?: number; retryAfterSeconds?: number }
  | { kind: 'malformed'; variant: MalformedVariant }
  | { kind: 'truncated' }
  | { kind: 'gbk'; charset: 'declaration' | 'header' | 'header_says_utf8' }
  | { kind: 'duplicates' }
  | { kind: 'reordered' }
  | { kind: 'huge'; bytes: number; chunked?: boolean }
  | { kind: 'redirect'; status?: 301 | 302 | 307 | 308 }
  | { kind: 'raw'; status: number; headers?: Record<string, string>; body: string | Uint8Array };

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  at: Date;
}

export interface RssFakeState {
  title: string;
  items: RssFakeItem[];
  format: 'rss' | 'atom';
  /** Served instead of the built feed when set. */
  rawFeed: string | null;
  /** HTTP date */
  lastModified: string;
  validators: boolean;
  mode: RssFakeMode;
  remaining: number | null;
  /** Feed requests still served normally before the mode starts. */
  skip: number;
}

export interface RssFake {
  /** The feed's URL. */
  url: string;
  origin: string;
  state: RssFakeState;
  requests: FakeRequest[];
  setMode(mode: RssFakeMode, opts?: { times?: number; after?: number }): void;
  setItems(items: RssFakeItem[]): void;
  setTitle(title: string): void;
  setRawFeed(xml: string | null): void;
  /** The current ETag (of the UTF-8 body). */
  etag(): string;
  close(): Promise<void>;
}

export interface RssFakeOptions {
  title?: string;
  items?: RssFakeItem[];
  format?: 'rss' | 'atom';
  path?: string;
  /** Default: true */
  validators?: boolean;
  /** Default: Tue, 14 Jan 2025 09:00:00 GMT */
  lastModified?: string;
}

export async function startRssFake(options: RssFakeOptions = {}): Promise<RssFake> {
  const path = options.path ?? '/feed.xml';
  const state: RssFakeState = {
    title: options.title ?? '某单位的微博',
    items: options.items ?? [],
    format: options.format ?? 'rss',
    rawFeed: null,
    lastModified: options.lastModified ?? 'Tue, 14 Jan 2025 09:00:00 GMT',
    validators: options.validators ?? true,
    mode: { kind: 'ok' },
    remaining: null,
    skip: 0,
  };
  const requests: FakeRequest[] = [];
  const timers = timerSet();
  const later = timers.later;
  const touch = () => {
    const previous = Date.parse(state.lastModified);
    const next = Math.max(Math.floor(Date.now() / 1000) * 1000, (Number.isFinite(previous) ? previous : 0) + 1000);
    state.lastModified = new Date(next).toUTCString();
  };
  const feedText = (items = state.items) => state.rawFeed ?? buildFeed(state, items, origin + path);
  let origin = '';

  const server = createServer((req, res) => {
    res.on('error', () => {});
    const u = new URL(req.url ?? '/', 'http://fake');
    requests.push({ method: req.method ?? 'GET', path: u.pathname, query: Object.fromEntries(u.searchParams), headers: req.headers, at: new Date() });
    if (u.pathname !== path && u.pathname !== `/moved${path}`) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>404 Not Found</h1></body></html>');
      return;
    }
    let mode: RssFakeMode = { kind: 'ok' };
    if (state.skip > 0) state.skip -= 1;
    else {
      mode = state.mode;
      if (state.remaining !== null && --state.remaining <= 0) {
        state.mode = { kind: 'ok' };
        state.remaining = null;
      }
    }
    if (mode.kind === 'redirect' && u.pathname === `/moved${path}`) mode = { kind: 'ok' };

    const send = (status: number, headers: Record<string, string>, body: Uint8Array) => {
      const all = { 'content-length': String(body.length), ...headers };
      if (mode.kind === 'slow_headers') return later(mode.delayMs, () => res.writeHead(status, all).end(body));
      if (mode.kind === 'slow_body') {
        res.writeHead(status, all).write(body.subarray(0, body.length >> 1));
        return later(mode.delayMs, () => res.end(body.subarray(body.length >> 1)));
      }
      res.writeHead(status, all).end(body);
    };
    const xml = 'application/rss+xml; charset=utf-8';

    switch (mode.kind) {
      case 'http_error': {
        const status = mode.status ?? 502;
        const headers: Record<string, string> = { 'content-type': 'text/html' };
        if (mode.retryAfterSeconds !== undefined) headers['retry-after'] = String(mode.retryAfterSeconds);
        return send(
          status,
          headers,
          Buffer.from(`<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>nginx</center></body></html>`),
        );
      }
      case 'malformed':
        return send(200, { 'content-type': xml }, Buffer.from(MALFORMED[mode.variant]));
      case 'truncated': {
        const full = Buffer.from(feedText());
        return send(200, { 'content-type': xml }, full.subarray(0, full.length >> 1));
      }
      case 'redirect':
        res.writeHead(mode.status ?? 301, { location: `/moved${path}`, 'content-length': '0' }).end();
        return;
      case 'raw':
        return send(mode.status, mode.headers ?? {}, typeof mode.body === 'string' ? Buffer.from(mode.body) : mode.body);
      case 'huge': {
        const base = feedText();
        const padding = Math.max(0, mode.bytes - Buffer.byteLength(base) - 7);
        const body = base.replace(/<\/(rss|feed)>\s*$/, (end) => `<!--${' '.repeat(padding)}-->${end}`);
        if (!mode.chunked) return send(200, { 'content-type': xml }, Buffer.from(body));
        res.writeHead(200, { 'content-type': xml });
        const buf = Buffer.from(body);
        let offset = 0;
        const pump = () => {
          while (offset < buf.length && !res.destroyed) {
            const chunk = buf.subarray(offset, offset + 65536);
            offset += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end();
        };
        return pump();
      }
      default:
    }

    // ok, gbk, duplicates, reordered, slow_*: the feed itself, with validators.
    const items = mode.kind === 'duplicates' ? state.items.flatMap((i) => [i, i]) : mode.kind === 'reordered' ? [...state.items].reverse() : state.items;
    let body: Uint8Array = Buffer.from(feedText(items));
    let type = xml;
    if (mode.kind === 'gbk') {
      const text = feedText(items).replace(/^(\uFEFF)?(<\?xml[^>]*?encoding=")[^"]*(")/, '$2GBK$3');
      body = encodeGbk(/^<\?xml/.test(text) ? text : `<?xml version="1.0" encoding="GBK"?>\n${text}`);
      type = mode.charset === 'declaration' ? 'application/xml' : mode.charset === 'header' ? 'application/rss+xml; charset=GBK' : 'text/xml; charset=utf-8';
    }
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    const headers: Record<string, string> = { 'content-type': type };
    if (state.validators) {
      headers.etag = etag;
      headers['last-modified'] = state.lastModified;
      if (notModified(req, etag, state.lastModified)) {
        res.writeHead(304, { etag, 'last-modified': state.lastModified }).end();
        return;
      }
    }
    send(200, headers, body);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin + path,
    origin,
    state,
    requests,
    setMode(mode, opts = {}) {
      state.mode = mode;
      state.remaining = opts.times ?? null;
      state.skip = opts.after ?? 0;
    },
    setItems(items) {
      state.items = items;
      touch();
    },
    setTitle(title) {
      state.title = title;
      touch();
    },
    setRawFeed(xml) {
      state.rawFeed = xml;
      touch();
    },
    etag: () => `"${createHash('sha1').update(Buffer.from(feedText())).digest('hex')}"`,
    close: () =>
      new Promise<void>((resolve) => {
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function notModified(req: IncomingMessage, etag: string, lastModified: string): boolean {
  const inm = req.headers['if-none-match'];
  if (inm) return inm.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag);
  const ims = req.headers['if-modified-since'];
  if (!ims) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && since >= Date.parse(lastModified);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${esc(value)}</${name}>`);

function buildFeed(state: RssFakeState, items: RssFakeItem[], self: string): string {
  if (state.format === 'atom') {
    const entries = items.map(
      (i) =>
        `<entry>${el('title', i.title)}${i.link === undefined ? '' : `<link href="${esc(i.link)}"/>`}${el('id', i.guid)}${el('published', i.pubDate)}${el('summary', i.description)}</entry>`,
    );
    return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">${el('title', state.title)}<link href="${esc(self)}" rel="self"/><updated>2025-01-14T09:00:00Z</updated>${entries.join('')}</feed>`;
  }
  const rows = items.map((i) => {
    const description = i.description === undefined ? '' : `<description><![CDATA[${i.description}]]></description>`;
    const guid = i.guid === undefined ? '' : `<guid isPermaLink="false">${esc(i.guid)}</guid>`;
    return `<item>${el('title', i.title)}${description}${el('link', i.link)}${guid}${el('pubDate', i.pubDate)}</item>`;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0"><channel>${el('title', state.title)}` +
    `<link>https://weibo.com/1195230310/</link><atom:link href="${esc(self)}" rel="self" type="application/rss+xml"></atom:link>` +
    `<description>${esc(state.title)} - Powered by RSSHub</description><generator>RSSHub</generator><language>zh-cn</language>` +
    `<lastBuildDate>${state.lastModified}</lastBuildDate><ttl>5</ttl>${rows.join('')}</channel></rss>`
  );
}

/** The malformed bodies of formats/rss/malformed_cases.md (rss-parser 3.13's failures and non-failures). */
const MALFORMED: Record<MalformedVariant, string> = {
  unclosed_tag: '<rss version="2.0"><channel><title>t</title><item><title>a</title></channel></rss>',
  bare_ampersand: '<rss version="2.0"><channel><title>A & B</title></channel></rss>',
  html_page:
    '<!DOCTYPE html><html><head><meta charset="utf-8"/><title>环境异常</title></head><body><p>当前环境异常，完成验证后即可继续访问。</p></body></html>',
  no_version:
    '<rss><channel><title>t</title><item><title>a</title><guid>no-version-1</guid><pubDate>Tue, 14 Jan 2025 08:00:00 GMT</pubDate></item></channel></rss>',
  empty: '  \n',
  text_before_root: 'garbage<rss version="2.0"><channel><title>t</title></channel></rss>',
  bom: '\uFEFF<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><item><title>a</title><guid>bom-1</guid><pubDate>Tue, 14 Jan 2025 08:00:00 GMT</pubDate></item></channel></rss>',
};

let gbkTable: Map<string, [number, number]> | null = null;

/** GBK bytes for `text` (Node has no GBK encoder: the table is the GBK decoder run backwards). */
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(Uint8Array.of(lead, trail));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else out.push(...(gbkTable.get(ch) ?? [0x3f]));
  }
  return Buffer.from(out);
}

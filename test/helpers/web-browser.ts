import type { App } from '../../src/app.ts';

// A browser's cookie jar over app.request, for the pages' in-process tests: it keeps cookies as a browser
// would, posts forms (urlencoded, or multipart when a file is sent) and reads the CSRF token off a page.

/** A browser's cookie jar over app.request. */
export function pageBrowser(app: App, password: string, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const send = async (path: string, init: { method?: string; form?: Record<string, string>; multipart?: FormData } = {}) => {
    const h = new Headers(headers);
    h.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    let body: string | FormData | undefined;
    if (init.multipart) body = init.multipart;
    else if (init.form) {
      h.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    }
    const res = await app.request(path, { method: init.method ?? (init.form || init.multipart ? 'POST' : 'GET'), headers: h, body });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return { res, html: await res.text() };
  };
  const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return {
    jar,
    send,
    token,
    async signIn(username: string, pw = password) {
      const { html } = await send('/login');
      return send('/login', { form: { _csrf: token(html), username, password: pw, next: '/' } });
    },
  };
}

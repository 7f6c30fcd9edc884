/** One hop's answer, its body read. */
export interface Visit {
  url: URL;
  status: number;
  headers: Headers;
  text: string;
}

/**
 * A browser without a window: fetch with a cookie jar per host and port, following redirects across origins (fantdu
 * and the identity provider) as a browser does, one hop at a time so that a test can stop at any of them.
 */
export class Navigator {
  private readonly jars = new Map<string, Map<string, string>>();

  /** The cookies this browser holds for `url`'s host (paths and expiry dates aside). */
  cookies(url: string | URL): Map<string, string> {
    const { host } = new URL(url);
    if (!this.jars.has(host)) this.jars.set(host, new Map());
    return this.jars.get(host) as Map<string, string>;
  }

  /** One request: GET, or a form POST with `Origin` set as a browser sets it. */
  async visit(url: string | URL, form?: Record<string, string>): Promise<Visit> {
    const target = new URL(url);
    const jar = this.cookies(target);
    const headers: Record<string, string> = { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = target.origin;
    }
    const res = await fetch(target, {
      method: form ? 'POST' : 'GET',
      headers,
      body: form ? new URLSearchParams(form) : undefined,
      redirect: 'manual',
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const gone = attributes.some((a) => /^\s*(expires=thu, 01 jan 1970|max-age=0)/i.test(a));
      if (gone || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return { url: target, status: res.status, headers: res.headers, text: await res.text() };
  }

  /** Follows redirects from `url` until a page answers, or until `stop` says the next address is not to be opened. */
  async follow(url: string | URL, options: { form?: Record<string, string>; stop?: (next: URL) => boolean } = {}) {
    let visit = await this.visit(url, options.form);
    for (let hops = 0; hops < 20; hops++) {
      const location = visit.headers.get('location');
      if (!location || visit.status < 300 || visit.status > 399) return { visit, next: undefined };
      const next = new URL(location, visit.url);
      if (options.stop?.(next)) return { visit, next };
      visit = await this.visit(next);
    }
    throw new Error('too many redirects');
  }
}

import { Problem } from '../http/problem.ts';
import { SiteStore, type Site } from './site-store.ts';

export const siteIdPattern = /^[a-z0-9-]{1,64}$/;

/** An origin as browsers send it (scheme://host[:port], default port dropped), or undefined if it is not one. */
export function normalizeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Sites and their origins, read on every post, so kept in memory and reloaded at most every few seconds
 * (a site added by the CLI in another process is seen within that time).
 */
export class SiteService {
  private cache: { sites: Map<string, Site>; origins: Set<string>; loadedAt: number } | undefined;

  constructor(
    private readonly store: SiteStore,
    private readonly maxAgeMs = 5000,
  ) {}

  async get(id: string): Promise<Site | undefined> {
    return (await this.load()).sites.get(id);
  }

  /** Every origin of every site: what a CORS preflight (which names no site) may be allowed. */
  async allOrigins(): Promise<ReadonlySet<string>> {
    return (await this.load()).origins;
  }

  list(): Promise<Site[]> {
    return this.store.list();
  }

  count(): Promise<number> {
    return this.store.count();
  }

  async add(input: { id: string; name: string; origins: string[] }): Promise<Site> {
    if (!siteIdPattern.test(input.id)) throw new Problem(400, `Site id "${input.id}" must match [a-z0-9-]{1,64}.`);
    const origins = input.origins.map((o) => {
      const origin = normalizeOrigin(o);
      if (!origin) throw new Problem(400, `"${o}" is not an http(s) origin such as https://www.example.no.`);
      return origin;
    });
    const site = { id: input.id, name: input.name.trim() || input.id, origins: [...new Set(origins)] };
    await this.store.upsert(site);
    this.cache = undefined;
    return site;
  }

  private async load() {
    const now = Date.now();
    if (this.cache && now - this.cache.loadedAt < this.maxAgeMs) return this.cache;
    try {
      const sites = await this.store.list();
      this.cache = {
        sites: new Map(sites.map((s) => [s.id, s])),
        origins: new Set(sites.flatMap((s) => s.origins)),
        loadedAt: now,
      };
    } catch (err) {
      if (!this.cache) throw err;
      // Keep answering from what we knew; the database error surfaces where data is written.
      this.cache.loadedAt = now;
    }
    return this.cache;
  }
}

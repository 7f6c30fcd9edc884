import { Invalid } from '../errors.ts';
import { isEmail, siteIdPattern } from '../values.ts';
import type { Site } from './site.ts';
import type { SiteStore } from './site-store.ts';

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

export interface SiteInput {
  id: string;
  name?: string | undefined;
  origins?: string[] | undefined;
  controller?: string | undefined;
  contact?: string | undefined;
  dpo?: string | undefined;
  commentsInNotifications?: boolean | undefined;
}

function originOrThrow(value: string): string {
  const origin = normalizeOrigin(value);
  if (!origin)
    throw Invalid.field(
      'origin',
      'must be an http(s) origin',
      `"${value}" is not an http(s) origin such as https://www.example.no.`,
    );
  return origin;
}

/**
 * Sites and their origins, read on every post, so kept in memory and reloaded at most every few seconds
 * (a site added by the CLI in another process is seen within that time).
 */
export class SiteService {
  private cache: { sites: Map<string, Site>; origins: Set<string>; loadedAt: number } | undefined;
  /** The reload under way, shared by every request that finds the cache old. */
  private loading: Promise<NonNullable<SiteService['cache']>> | undefined;
  private generation = 0;

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

  /** Adds a site (name and origins required) or, with `existing`, changes the fields given of one that exists. */
  async save(input: SiteInput, existing = false): Promise<Site> {
    if (!siteIdPattern.test(input.id))
      throw Invalid.field('id', 'must be a site id', `Site id "${input.id}" must match [a-z0-9-]{1,64}.`);
    const before = await this.store.list().then((sites) => sites.find((s) => s.id === input.id));
    if (existing && !before) throw Invalid.field('id', 'is not a site', `There is no site "${input.id}".`);
    if (!before && (!input.name?.trim() || !input.origins?.length))
      throw new Invalid('A new site needs a name and at least one origin.');
    const fields: Partial<Omit<Site, 'id'>> = {};
    if (input.name !== undefined) fields.name = input.name.trim() || input.id;
    if (input.origins !== undefined) fields.origins = [...new Set(input.origins.map(originOrThrow))];
    for (const key of ['contact', 'dpo'] as const) {
      const value = input[key];
      if (value !== undefined && value !== '' && !isEmail(value.trim()))
        throw Invalid.field(key, 'must be an e-mail address', `--${key} must be an e-mail address, not "${value}".`);
      if (value !== undefined) fields[key] = value.trim() || null;
    }
    if (input.controller !== undefined) fields.controller = input.controller.trim() || null;
    if (input.commentsInNotifications !== undefined) fields.commentsInNotifications = input.commentsInNotifications;
    if (before) await this.store.update(input.id, fields);
    else
      await this.store.insert({
        id: input.id,
        name: fields.name ?? input.id,
        origins: fields.origins ?? [],
        ...fields,
      });
    // A reload that began before this change must not bring back what it read.
    this.generation++;
    this.cache = undefined;
    this.loading = undefined;
    return (await this.get(input.id)) as Site;
  }

  /** Adds a site with its name and origins (or replaces those of an existing one). */
  add(input: SiteInput & { name: string; origins: string[] }): Promise<Site> {
    return this.save(input);
  }

  /**
   * A first start has a site to try: `demo`, for this service's own pages. True when it was made now; false when
   * there are sites already, or another instance starting at the same moment made it first.
   */
  async ensureDemo(origins: string[]): Promise<boolean> {
    if ((await this.store.count()) > 0) return false;
    return this.store.insertIfMissing({ id: 'demo', name: 'Demo', origins: [...new Set(origins.map(originOrThrow))] });
  }

  private load(): Promise<NonNullable<SiteService['cache']>> {
    if (this.cache && Date.now() - this.cache.loadedAt < this.maxAgeMs) return Promise.resolve(this.cache);
    if (!this.loading) {
      const loading = this.reload().finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  private async reload(): Promise<NonNullable<SiteService['cache']>> {
    const generation = this.generation;
    const now = Date.now();
    try {
      const sites = await this.store.list();
      const fresh = {
        sites: new Map(sites.map((s) => [s.id, s])),
        origins: new Set(sites.flatMap((s) => s.origins)),
        loadedAt: now,
      };
      if (generation === this.generation) this.cache = fresh;
      return fresh;
    } catch (err) {
      if (!this.cache) throw err;
      // Keep answering from what we knew; the database error surfaces where data is written.
      this.cache.loadedAt = now;
      return this.cache;
    }
  }
}

import type { Context } from 'koa';
import type { Config } from '../config.ts';
import { normalizeOrigin, type SiteService } from '../sites/site-service.ts';

/**
 * CORS for the intake: an answer may be read by the site's own origins and by fantdu's (its thank-you page carries
 * the no-JavaScript comment form). Before the body names the site, any site's origin may read it.
 */
export class IntakeCors {
  constructor(
    private readonly config: Pick<Config, 'publicUrl'>,
    private readonly sites: SiteService,
  ) {}

  /**
   * The Origin header, normalized. A browser sends `Origin: null` with a form posted from a page whose referrer
   * policy is no-referrer; such a post is judged by its page URL alone, like one without an Origin.
   */
  requestOrigin(ctx: Context, isForm: boolean): string | undefined {
    return this.normalized(ctx.get('Origin'), isForm);
  }

  /** requestOrigin, from the header as Node gives it (for answers given outside Koa). */
  normalized(origin: string, isForm: boolean): string | undefined {
    if (origin === '' || (origin === 'null' && isForm)) return undefined;
    return normalizeOrigin(origin) ?? origin;
  }

  /** Whether `origin` may read an answer: fantdu's own, or one of `allowed`. */
  mayRead(origin: string | undefined, allowed: ReadonlySet<string> | readonly string[]): origin is string {
    return (
      origin !== undefined &&
      (origin === this.config.publicUrl || ('has' in allowed ? allowed.has(origin) : allowed.includes(origin)))
    );
  }

  /**
   * The origin that may read an answer given outside Koa, from the Origin header as Node gives it: fantdu's or one of
   * `allowed`. A browser sends the origin as sites keep it, so the header is looked up as it is first, and parsed only
   * when that finds nothing.
   */
  readerOf(originHeader: string | undefined, allowed: ReadonlySet<string> | readonly string[]): string | undefined {
    if (this.mayRead(originHeader, allowed)) return originHeader;
    const origin = this.normalized(originHeader ?? '', false);
    return this.mayRead(origin, allowed) ? origin : undefined;
  }

  /** The origin that may read an answer given outside Koa (a refused post), if any site's origin sent it. */
  async anySiteOrigin(originHeader: string | undefined): Promise<string | undefined> {
    return this.readerOf(originHeader, await this.sites.allOrigins());
  }

  /** Lets `origin` read the answer if it is fantdu's or one of `allowed`; true when it may. */
  allow(ctx: Context, origin: string | undefined, allowed: ReadonlySet<string> | readonly string[]): boolean {
    ctx.vary('Origin');
    const ok = this.mayRead(origin, allowed);
    if (ok) ctx.set('Access-Control-Allow-Origin', origin);
    else ctx.remove('Access-Control-Allow-Origin');
    return ok;
  }

  /** Any site's origin may read the answer (a preflight, or an answer given before the site is known). */
  async allowAnySite(ctx: Context, isForm: boolean): Promise<boolean> {
    return this.allow(ctx, this.requestOrigin(ctx, isForm), await this.sites.allOrigins());
  }
}

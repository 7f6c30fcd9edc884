// oidc-provider ships no types: what the tests use of it.
declare module 'oidc-provider' {
  import type Koa from 'koa';

  export interface Interaction {
    uid: string;
    prompt: { name: string };
  }

  export default class Provider extends Koa {
    constructor(issuer: string, configuration: Record<string, unknown>);
    interactionDetails(req: unknown, res: unknown): Promise<Interaction>;
    interactionResult(req: unknown, res: unknown, result: Record<string, unknown>): Promise<string>;
  }
}

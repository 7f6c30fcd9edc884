import { readFileSync } from 'node:fs';
import Router from '@koa/router';
import { z } from 'zod';
import { projectRoot } from '../paths.ts';
import { sessionCookie } from './auth.ts';
import { problemBody, problemDocument } from './problem.ts';

/**
 * The OpenAPI 3.1 description of the /api/v1 routes, made from the route descriptions each feature exports beside its
 * router: the zod schemas its handlers parse requests with and the schemas of what they answer, as JSON Schema
 * (zod's own output, draft 2020-12, which OpenAPI 3.1 uses). Schemas named with `.meta({ id })` become components.
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options';

/**
 * Who may call a route: anyone; a reader of the site (an API token, or the /admin session); an admin of the site;
 * a person signed in to /admin (the session only: an API token has no person).
 */
export type Access = 'public' | 'editor' | 'admin' | 'person';

const tags = {
  Citizens:
    "What the widget and the no-JavaScript form send: answers and page views. No credential; the site's origins.",
  Reports: "A site's pages, trends, feedback, terms, export and audit.",
  Themes: 'Named groups of comments, and the themes editors put comments in.',
  Changes: 'Notes that a page was changed, judged by the answers before and after.',
  Alerts: 'Pages whose share of "no" rose beyond chance.',
  Notifications: 'What the signed-in person watches, and how they want to be told.',
  Description: 'This description.',
} as const;
export type Tag = keyof typeof tags;

/** A body or an answer in one media type. `jsonInText`: text/plain holding JSON, as navigator.sendBeacon sends it. */
export interface Content {
  schema: z.ZodType;
  example?: unknown;
  jsonInText?: true;
}

export interface Answer {
  description: string;
  content?: Record<string, Content>;
  /** Response headers worth knowing, each with what it holds. */
  headers?: Record<string, string>;
}

export interface ApiRoute {
  /** Unique: code generators name their functions after it. */
  operationId: string;
  method: Method;
  /** As the router has it: `/api/v1/sites/:site/feedback/:id`. */
  path: string;
  tag: Tag;
  summary: string;
  description?: string;
  access: Access;
  /** A schema for each `:name` of the path. */
  params?: Record<string, z.ZodType>;
  /** The query schema the handler parses (an object, or a union of objects). */
  query?: z.ZodType;
  /** The body by media type; required unless `bodyOptional`. */
  body?: Record<string, Content>;
  bodyOptional?: true;
  /** The answers that are not failures, by status. */
  answers: Record<number, Answer>;
  /**
   * Failures besides those that come with the route's access, params, query and body (400, 401, 403, 404, 413, 503),
   * each with what it means here; a status named here replaces the common wording.
   */
  problems?: Record<number, string>;
}

/** A JSON body or answer: its schema and an example. */
export const json = (schema: z.ZodType, example?: unknown): Record<string, Content> => ({
  'application/json': { schema, ...(example === undefined ? {} : { example }) },
});

type Json = Record<string, unknown>;

/** Schemas named with `.meta({ id })`, gathered as components as they are met. */
class Components {
  readonly schemas: Record<string, Json> = {};

  /** A zod schema as JSON Schema: its named parts (and itself, when named) as references to components. */
  schema(schema: z.ZodType, io: 'input' | 'output'): Json {
    const { $schema, $defs, ...rest } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'throw',
    });
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      const made = relink(def) as Json;
      const known = this.schemas[id];
      if (known && JSON.stringify(known) !== JSON.stringify(made))
        throw new Error(`Two different schemas are named ${id}.`);
      this.schemas[id] = made;
    }
    return relink(rest) as Json;
  }
}

/** zod refers to named schemas within the schema it makes (`#/$defs/X`); in the document they are components. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      key === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, '#/components/schemas/') : relink(v),
    ]),
  );
}

const securitySchemes = {
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token of one site, from `npx fantdu token create --site ID --name LABEL [--role editor|admin]`.',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: sessionCookie,
    description:
      'The session of a person signed in to /admin (12 hours). A change made with it (POST, PUT, PATCH, DELETE) ' +
      "must carry fantdu's own Origin.",
  },
};

const security: Record<Access, Json[]> = {
  public: [],
  editor: [{ apiToken: [] }, { session: [] }],
  admin: [{ apiToken: [] }, { session: [] }],
  person: [{ session: [] }],
};

/** The failures that come with what a route is: who may call it, and whether it reads input or the database. */
function problemsOf(route: ApiRoute): Record<number, string> {
  const found: Record<number, string> = {};
  const credentials = route.access !== 'public';
  if (route.query || route.body)
    found[400] = 'A value of the request cannot be used; `errors` names each field and what is wrong with it.';
  if (credentials) found[401] = 'No credential, or one that is no longer valid (expired, revoked, signed out).';
  const forbidden = [
    route.access === 'admin' ? 'The credential is not an admin of the site.' : undefined,
    route.access === 'person'
      ? 'An API token: watches and notifications belong to a person signed in to /admin.'
      : undefined,
    credentials && !['get', 'options'].includes(route.method)
      ? "A change made with the session cookie does not carry fantdu's own Origin."
      : undefined,
  ].filter((s) => s !== undefined);
  if (forbidden.length) found[403] = forbidden.join(' Or: ');
  if (route.path.includes(':site'))
    found[404] = 'There is no such site for this credential (whether or not it exists).';
  if (route.body) found[413] = 'The body is larger than 16 KiB.';
  if (credentials) found[503] = 'The database cannot be reached right now; Retry-After says when to try again.';
  return { ...found, ...route.problems };
}

const exampleErrors = [{ field: 'from', message: 'must be a date YYYY-MM-DD from 2000-01-01 to 2099-12-31' }];

function problemAnswer(status: number, description: string, components: Components): Json {
  const retries = status === 429 || status === 503;
  const example = JSON.parse(problemBody(status, description, status === 400 ? exampleErrors : undefined));
  return {
    description,
    ...(retries ? { headers: headers({ 'Retry-After': 'Seconds to wait before trying again.' }) } : {}),
    ...(status === 401 ? { headers: headers({ 'WWW-Authenticate': 'Bearer realm="fantdu"' }) } : {}),
    content: { 'application/problem+json': { schema: components.schema(problemDocument, 'output'), example } },
  };
}

const headers = (described: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(described).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
  );

function contentOf(content: Record<string, Content>, io: 'input' | 'output', components: Components): Json {
  return Object.fromEntries(
    Object.entries(content).map(([type, { schema, example, jsonInText }]) => {
      const made = components.schema(schema, io);
      const described = jsonInText
        ? { type: 'string', contentMediaType: 'application/json', contentSchema: made }
        : made;
      const shown = jsonInText && example !== undefined ? JSON.stringify(example) : example;
      return [type, { schema: described, ...(shown === undefined ? {} : { example: shown }) }];
    }),
  );
}

/** A query (or path) schema as parameters, one per property; a union of objects gives each property as optional. */
function parametersOf(schema: z.ZodType, where: 'query' | 'path', components: Components): Json[] {
  const made = components.schema(schema, 'input');
  const objects = (made.anyOf as Json[] | undefined) ?? [made];
  const required = new Set(made.anyOf ? [] : ((made.required as string[] | undefined) ?? []));
  const properties: Record<string, Json> = Object.assign({}, ...objects.map((o) => o.properties as Json));
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

/** `/api/v1/sites/:site` as OpenAPI writes it: `/api/v1/sites/{site}`. */
export const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

function operationOf(route: ApiRoute, components: Components): Json {
  const named = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
  const given = Object.keys(route.params ?? {});
  if (named.join() !== given.join()) throw new Error(`${route.operationId}: params must be ${named.join(', ')}.`);
  const parameters = [
    ...(route.params ? parametersOf(z.object(route.params), 'path', components) : []),
    ...(route.query ? parametersOf(route.query, 'query', components) : []),
  ];
  const answers = Object.entries(route.answers).map(([status, answer]) => [
    status,
    {
      description: answer.description,
      ...(answer.headers ? { headers: headers(answer.headers) } : {}),
      ...(answer.content ? { content: contentOf(answer.content, 'output', components) } : {}),
    },
  ]);
  const problems = Object.entries(problemsOf(route)).map(([status, description]) => [
    status,
    problemAnswer(Number(status), description, components),
  ]);
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security: security[route.access],
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: !route.bodyOptional, content: contentOf(route.body, 'input', components) } }
      : {}),
    responses: Object.fromEntries([...answers, ...problems]),
  };
}

const info = {
  title: 'fantdu',
  version: (JSON.parse(readFileSync(new URL('package.json', projectRoot), 'utf8')) as { version: string }).version,
  summary: '«Fant du det du lette etter?»: feedback for the pages of a municipality’s website.',
  description: [
    'Citizens post answers and page views without a credential. Every other route is scoped to the sites of its',
    'credential: no credential is 401, another site (whether or not it exists) 404, a role too low 403. Failures are',
    '`application/problem+json` (RFC 9457), with `errors: [{field, message}]` for a 400. Dates (`from`, `to`) are',
    'calendar days in Europe/Oslo, both included; lists page with `limit` and the `next` cursor.',
  ].join(' '),
};

/** Each list of routes described once per process (tests build many apps). */
const described = new WeakMap<readonly ApiRoute[], Json>();

/** The OpenAPI 3.1 document of the routes, for the service at `publicUrl`. Throws on a route described twice. */
export function openApiDocument(routes: readonly ApiRoute[], publicUrl: string): Json {
  const made = described.get(routes) ?? describe(routes);
  described.set(routes, made);
  return { openapi: '3.1.0', info, servers: [{ url: publicUrl }], ...made };
}

function describe(routes: readonly ApiRoute[]): Json {
  const components = new Components();
  const paths: Record<string, Json> = {};
  const ids = new Set<string>();
  for (const route of routes) {
    const path = paths[openApiPath(route.path)] ?? {};
    paths[openApiPath(route.path)] = path;
    if (path[route.method] || ids.has(route.operationId))
      throw new Error(`${route.method} ${route.path} (${route.operationId}) is described twice.`);
    ids.add(route.operationId);
    path[route.method] = operationOf(route, components);
  }
  return {
    tags: Object.entries(tags).map(([name, description]) => ({ name, description })),
    paths,
    components: { schemas: components.schemas, securitySchemes },
  };
}

export const openApiJsonPath = '/api/v1/openapi.json';

/** What GET /api/v1/openapi.json answers, as far as a client needs to know it is one. */
const openApiShape = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.looseObject({})),
});

export const openApiApi: ApiRoute[] = [
  {
    operationId: 'getOpenApi',
    method: 'get',
    path: openApiJsonPath,
    tag: 'Description',
    access: 'public',
    summary: 'This description (OpenAPI 3.1)',
    description:
      'Made once at start from the schemas that check requests and describe answers. Cacheable for 5 minutes.',
    answers: {
      200: {
        description: 'The OpenAPI document.',
        content: json(openApiShape, { openapi: '3.1.0', info: { title: 'fantdu', version: info.version }, paths: {} }),
        headers: { 'Cache-Control': 'public, max-age=300' },
      },
    },
  },
];

/**
 * GET /api/v1/openapi.json: the document, made at the first request and kept (a server that is never asked need not
 * hold it), for anyone (Swagger UI on another origin too).
 */
export function openApiRoutes(document: () => Json): Router {
  let body: string | undefined;
  const router = new Router();
  router.get(openApiJsonPath, (ctx) => {
    body ??= JSON.stringify(document());
    ctx.type = 'application/json';
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.body = body;
  });
  return router;
}

import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { z } from 'zod';
import { AppError } from '../errors';
import { parseParams } from './params';
import { parseBody, parseQuery } from './validate';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** How a route is reached: public, any signed-in organiser, or organisers with given roles. */
export type RouteSpec<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined = undefined,
> = {
  summary: string;
  description?: string;
  body?: B;
  query?: Q;
  /** Route parameters (`idParam('Event')`…): one that names nothing is a 404 with a code. */
  params?: P;
  /** Media type of a successful answer (default JSON) and its schema, for the document. */
  response?: { status?: number; mediaType?: string; schema?: z.ZodType; description?: string };
  /** Middleware run before validation (authentication, rate limits). */
  guards?: RequestHandler[];
  /** Shown in the document: which credentials the route accepts. */
  security?: 'organiser' | 'none';
};

export type RouteInput<B, Q, P = undefined> = {
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends z.ZodType ? z.output<Q> : undefined;
  params: P extends z.ZodType ? z.output<P> : Record<string, string>;
};

/**
 * An express.Router that also records each route in an OpenAPI registry, so the
 * schemas that validate a request are the ones the API document shows.
 */
export class ApiRouter {
  readonly router = Router();

  constructor(
    private readonly registry: OpenAPIRegistry,
    private readonly basePath: string,
    private readonly tag: string,
  ) {}

  route<
    B extends z.ZodType | undefined = undefined,
    Q extends z.ZodType | undefined = undefined,
    P extends z.ZodType | undefined = undefined,
  >(
    method: Method,
    path: string,
    spec: RouteSpec<B, Q, P>,
    handler: (
      req: Request,
      res: Response,
      input: RouteInput<B, Q, P>,
    ) => Promise<unknown> | unknown,
  ): this {
    this.document(method, path, spec);
    const run = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const input = {
          // Params first: a path that names nothing is a 404 whatever the body says.
          params: spec.params ? parseParams(spec.params, req) : { ...req.params },
          body: spec.body ? parseBody(spec.body, req) : undefined,
          query: spec.query ? parseQuery(spec.query, req) : undefined,
        } as RouteInput<B, Q, P>;
        await handler(req, res, input);
      } catch (err) {
        next(err);
      }
    };
    this.router[method](path, ...(spec.guards ?? []), run);
    return this;
  }

  private document(
    method: Method,
    path: string,
    spec: RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>,
  ) {
    const fullPath = (this.basePath + path).replace(/\/$/, '') || '/';
    const paramNames = [...fullPath.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
    const status = spec.response?.status ?? 200;
    const mediaType = spec.response?.mediaType ?? 'application/json';
    const responseSchema =
      spec.response?.schema ?? (mediaType === 'application/json' ? z.unknown() : z.string());
    this.registry.registerPath({
      method,
      path: fullPath.replace(/:(\w+)/g, '{$1}'),
      tags: [this.tag],
      summary: spec.summary,
      description: spec.description,
      security: spec.security === 'organiser' ? [{ bearer: [] }, { session: [] }] : [],
      request: {
        params:
          spec.params instanceof z.ZodObject
            ? spec.params
            : paramNames.length
              ? z.object(Object.fromEntries(paramNames.map((n) => [n, z.string()])))
              : undefined,
        query: spec.query instanceof z.ZodObject ? spec.query : undefined,
        body: spec.body
          ? { content: { 'application/json': { schema: spec.body } }, required: true }
          : undefined,
      },
      responses: {
        [status]: {
          description: spec.response?.description ?? 'Success',
          content: status === 204 ? undefined : { [mediaType]: { schema: responseSchema } },
        },
        default: {
          description: 'Problem details (RFC 9457) with a stable `code`',
          content: { 'application/problem+json': { schema: problemSchema } },
        },
      },
    });
  }
}

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** Builds the OpenAPI 3.1 document from everything registered so far. */
export function buildOpenApiDocument(registry: OpenAPIRegistry, serverUrl: string) {
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'fk_session',
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'forumkit API',
      version: '0.1.0',
      description:
        'Booth planning, World Café harvest, QR registry and kit follow-up for project clusters at conferences.',
    },
    servers: [{ url: serverUrl }],
  });
}

/**
 * For /api paths no route answered: 405 `method_not_allowed` with an `Allow` header
 * when the path is a documented route under another method. Anything else falls
 * through (to the 404). Read from the registry on first use, after every router
 * has registered its routes.
 */
export function methodNotAllowedHandler(registry: OpenAPIRegistry): RequestHandler {
  let routes: { pattern: RegExp; methods: Set<string> }[] | undefined;
  const load = () => {
    const byPath = new Map<string, Set<string>>();
    for (const definition of registry.definitions) {
      if (definition.type !== 'route') continue;
      const { path, method } = definition.route;
      const methods = byPath.get(path) ?? new Set<string>();
      methods.add(method.toUpperCase());
      // Express answers HEAD wherever it answers GET.
      if (method === 'get') methods.add('HEAD');
      byPath.set(path, methods);
    }
    return [...byPath].map(([path, methods]) => ({ pattern: pathPattern(path), methods }));
  };
  return (req, res, next) => {
    if (!req.path.startsWith('/api/')) return next();
    routes ??= load();
    const allowed = new Set<string>();
    for (const route of routes) {
      if (route.pattern.test(req.path)) route.methods.forEach((m) => allowed.add(m));
    }
    if (allowed.size === 0 || allowed.has(req.method)) return next();
    const allow = [...allowed].sort().join(', ');
    res.set('Allow', allow);
    next(
      new AppError('method_not_allowed', `${req.method} is not allowed here; use ${allow}`, 405),
    );
  };
}

/** `/api/events/{id}.ics` → a regular expression for one concrete path. */
function pathPattern(documented: string): RegExp {
  const source = documented
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

export { OpenAPIRegistry };

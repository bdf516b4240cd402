import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { z } from 'zod';
import { parseParams } from './params';
import { parseBody, parseQuery } from './validate';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a page handler receives, every part already checked against its schema. */
export type PageInput<P, Q, B> = {
  params: P extends z.ZodType ? z.output<P> : Record<string, string>;
  query: Out<Q>;
  body: Out<B>;
};

/**
 * A server-rendered page route, the way the API router declares an operation:
 * schemas for params, query and body, a policy, and the render. Order: guards
 * (sign-in, roles) → params (404 when they name nothing) → query (400) → policy
 * (throws when refused, before the body is looked at) → body → handler.
 */
export type PageRouteSpec<P, Q, B> = {
  params?: P;
  query?: Q;
  body?: B;
  /** Middleware run first (sign-in, role), as on the API router. */
  guards?: RequestHandler[];
  /** May this actor do this? Throws (403, 404) when not. */
  policy?: (req: Request, parsed: PageInput<P, Q, undefined>) => Promise<void>;
  /**
   * A body that fails its schema draws the form again (values kept, problems at the
   * fields) instead of the 400 error page.
   */
  invalidBody?: (
    req: Request,
    res: Response,
    parsed: PageInput<P, Q, undefined> & { error: z.ZodError },
  ) => Promise<void> | void;
};

export type PageHandler<P, Q, B> = (
  req: Request,
  res: Response,
  input: PageInput<P, Q, B>,
) => Promise<unknown> | unknown;

type Schema = z.ZodType | undefined;

export class PageRouter {
  constructor(readonly router: Router = Router()) {}

  get<P extends Schema = undefined, Q extends Schema = undefined>(
    path: string,
    spec: PageRouteSpec<P, Q, undefined>,
    handler: PageHandler<P, Q, undefined>,
  ): this {
    return this.route('get', path, spec, handler);
  }

  post<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
    path: string,
    spec: PageRouteSpec<P, Q, B>,
    handler: PageHandler<P, Q, B>,
  ): this {
    return this.route('post', path, spec, handler);
  }

  private route<P extends Schema, Q extends Schema, B extends Schema>(
    method: 'get' | 'post',
    path: string,
    spec: PageRouteSpec<P, Q, B>,
    handler: PageHandler<P, Q, B>,
  ): this {
    const run = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const head = {
          params: spec.params ? parseParams(spec.params, req) : { ...req.params },
          query: spec.query ? parseQuery(spec.query, req) : undefined,
          body: undefined,
        } as PageInput<P, Q, undefined>;
        if (spec.policy) await spec.policy(req, head);
        let body: unknown;
        if (spec.body) {
          const result = spec.body.safeParse(req.body ?? {});
          if (!result.success && spec.invalidBody) {
            await spec.invalidBody(req, res, { ...head, error: result.error });
            return;
          }
          body = result.success ? result.data : parseBody(spec.body, req);
        }
        await handler(req, res, { ...head, body } as PageInput<P, Q, B>);
      } catch (err) {
        next(err);
      }
    };
    this.router[method](path, ...(spec.guards ?? []), run);
    return this;
  }
}

/**
 * A look-up shared by a route's policy and its handler (the stand a policy checks is
 * the stand the page draws): done once per request and key.
 */
export function perRequest<T>(
  load: (key: string) => Promise<T>,
): (req: Request, key: string) => Promise<T> {
  const cache = new WeakMap<Request, Map<string, Promise<T>>>();
  return (req, key) => {
    let forRequest = cache.get(req);
    if (!forRequest) cache.set(req, (forRequest = new Map()));
    let loaded = forRequest.get(key);
    if (!loaded) forRequest.set(key, (loaded = load(key)));
    return loaded;
  };
}

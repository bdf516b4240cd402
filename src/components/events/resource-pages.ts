import type { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { mountResourceDelete } from './resource-delete.pages';
import { mountResourceForms } from './resource-form.pages';
import { mountResourceList } from './resource-list.pages';
import { resourcePageContext, type ResourcePages } from './resource-pages.context';

export type { Breadcrumb, Cell, ResourcePages } from './resource-pages.context';

/**
 * Server-rendered list, create, edit and delete pages for one kind of record, on top
 * of the component's services and zod schemas (the same ones the API uses):
 *
 *   GET  <base>                 the list, paged, with an empty state offering the form
 *   GET  <base>/new, POST <base>            the create form
 *   GET  <base>/:id/edit, POST <base>/:id/edit   the edit form
 *   GET  <base>/:id/delete, POST <base>/:id/delete  a confirmation page, then the delete
 *
 * Everything works without script; CSRF tokens are checked by the auth middleware for
 * every cookie-authenticated post. The three parts share one context (the definition,
 * the per-request loaders and the policies); they are mounted in this order.
 */
export function mountResourcePages<V extends { id: string }, C>(
  router: Router,
  appContext: AppContext,
  def: ResourcePages<V, C>,
): void {
  const pages = resourcePageContext(router, appContext, def);
  mountResourceList(pages);
  mountResourceForms(pages);
  mountResourceDelete(pages);
}

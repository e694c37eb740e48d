import { Hono } from 'hono';
import { z } from 'zod';
import { newSiteKey, newTokenSecret, requireOperator, requireSiteKey } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { commonErrors, ErrorResponse, type RouteDoc } from '../openapi.ts';
import type { AppEnv, Services } from '../services.ts';
import { SafeguardingContact, Site } from '../store/index.ts';
import { validate } from '../validation.ts';
import { cursorOf, Id, listOf, PageQuery } from './pagination.ts';

// An origin as browsers send it: scheme, host, optional port, nothing after.
const Origin = z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'an origin such as https://portal.example.edu (no path)');

const SiteInput = z.strictObject({
  name: z.string().trim().min(1).max(120),
  allowedOrigins: z.array(Origin).max(20).default([]),
  safeguardingContacts: z.array(SafeguardingContact).max(10).default([]),
  modelEnabled: z.boolean().default(true),
});
const SitePatch = z.strictObject({
  name: SiteInput.shape.name.optional(),
  allowedOrigins: z.array(Origin).max(20).optional(),
  safeguardingContacts: z.array(SafeguardingContact).max(10).optional(),
  modelEnabled: z.boolean().optional(),
});
const SiteParams = z.object({ id: Id });
const SiteAnswer = z.object({ site: Site });
const SiteWithKey = z.object({ site: Site, apiKey: z.string().meta({ description: 'Shown once: store it in the host backend' }) });

const auth = { 401: { description: 'No or bad credential', schema: ErrorResponse }, 403: { description: 'Not the operator key', schema: ErrorResponse } };
const missing = { 404: { description: 'No such site', schema: ErrorResponse } };

export const siteDocs: RouteDoc[] = [
  { method: 'post', path: '/v1/admin/sites', tag: 'sites', summary: 'Create a site (operator); answers its key once', body: SiteInput, responses: { 201: { description: 'Created', schema: SiteWithKey }, ...auth, ...commonErrors } },
  { method: 'get', path: '/v1/admin/sites', tag: 'sites', summary: 'List sites (operator)', query: PageQuery, responses: { 200: { description: 'A page of sites', schema: listOf('sites', Site) }, ...auth, ...commonErrors } },
  { method: 'get', path: '/v1/admin/sites/{id}', tag: 'sites', summary: 'Read a site (operator)', params: SiteParams, responses: { 200: { description: 'The site', schema: SiteAnswer }, ...auth, ...missing } },
  { method: 'patch', path: '/v1/admin/sites/{id}', tag: 'sites', summary: 'Update a site (operator)', params: SiteParams, body: SitePatch, responses: { 200: { description: 'The site', schema: SiteAnswer }, ...auth, ...missing, ...commonErrors } },
  { method: 'delete', path: '/v1/admin/sites/{id}', tag: 'sites', summary: 'Delete a site and all of its data (operator)', params: SiteParams, responses: { 204: { description: 'Deleted' }, ...auth, ...missing } },
  { method: 'post', path: '/v1/admin/sites/{id}/key', tag: 'sites', summary: 'Replace a site\'s key and end all of its participant tokens (operator)', params: SiteParams, responses: { 200: { description: 'The new key, shown once', schema: SiteWithKey }, ...auth, ...missing } },
  { method: 'get', path: '/v1/site', tag: 'sites', summary: 'The site of this site key', responses: { 200: { description: 'The site', schema: SiteAnswer }, ...auth } },
  { method: 'patch', path: '/v1/site', tag: 'sites', summary: 'Update this site\'s origins, safeguarding contacts or model switch (site key)', body: SitePatch.omit({ name: true }), responses: { 200: { description: 'The site', schema: SiteAnswer }, ...auth, ...commonErrors } },
];

export function siteRoutes(services: Services) {
  const { store, origins } = services;
  const found = async (id: string) => {
    const site = await store.sites.get(id);
    if (!site) throw new ApiError(404, 'not_found', `No site with id "${id}".`);
    return site;
  };
  return new Hono<AppEnv>()
    .post('/v1/admin/sites', validate('json', SiteInput), async (c) => {
      requireOperator(c.get('principal'));
      const id = `site_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
      const { apiKey, keyHash } = newSiteKey(id);
      const site = await store.sites.create(c.req.valid('json'), { keyHash, tokenSecret: newTokenSecret() }, id);
      origins.set(site.id, site.allowedOrigins);
      return c.json({ site, apiKey }, 201);
    })
    .get('/v1/admin/sites', validate('query', PageQuery), async (c) => {
      requireOperator(c.get('principal'));
      const page = await store.sites.list(c.req.valid('query'));
      return c.json({ sites: page.items, ...cursorOf(page) });
    })
    .get('/v1/admin/sites/:id', validate('param', SiteParams), async (c) => {
      requireOperator(c.get('principal'));
      return c.json({ site: await found(c.req.valid('param').id) });
    })
    .patch('/v1/admin/sites/:id', validate('param', SiteParams), validate('json', SitePatch), async (c) => {
      requireOperator(c.get('principal'));
      const { id } = c.req.valid('param');
      await found(id);
      const site = (await store.sites.update(id, c.req.valid('json')))!;
      origins.set(site.id, site.allowedOrigins);
      return c.json({ site });
    })
    .delete('/v1/admin/sites/:id', validate('param', SiteParams), async (c) => {
      requireOperator(c.get('principal'));
      const { id } = c.req.valid('param');
      if (!(await store.sites.delete(id))) throw new ApiError(404, 'not_found', `No site with id "${id}".`);
      origins.remove(id);
      return c.body(null, 204);
    })
    .post('/v1/admin/sites/:id/key', validate('param', SiteParams), async (c) => {
      requireOperator(c.get('principal'));
      const site = await found(c.req.valid('param').id);
      const { apiKey, keyHash } = newSiteKey(site.id);
      await store.sites.replaceSecrets(site.id, { keyHash, tokenSecret: newTokenSecret() });
      return c.json({ site, apiKey });
    })
    .get('/v1/site', async (c) => c.json({ site: await found(requireSiteKey(c.get('principal'))) }))
    .patch('/v1/site', validate('json', SitePatch.omit({ name: true })), async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      const site = (await store.sites.update(siteId, c.req.valid('json')))!;
      origins.set(site.id, site.allowedOrigins);
      return c.json({ site });
    });
}

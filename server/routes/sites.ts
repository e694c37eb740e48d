import { z } from 'zod';
import { newSiteKey, newTokenSecret, requireOperator, requireSiteKey } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { credentials, jsonAnswer, refusal } from '../openapi.ts';
import type { Services } from '../services.ts';
import { SafeguardingContact, Site } from '../store/index.ts';
import { Text } from '../text-field.ts';
import { cursorOf, Id, listOf, PageQuery } from './pagination.ts';
import { defineRoute, jsonBody, router } from './router.ts';

// An origin as browsers send it: scheme, host, optional port, nothing after.
const Origin = z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'an origin such as https://portal.example.edu (no path)');

const SiteInput = z.strictObject({
  name: Text(120),
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

const auth = { 401: refusal('No or bad credential'), 403: refusal('Not the operator key') };
const missing = { 404: refusal('No such site') };
const operator = credentials.operator;

const createSite = defineRoute(
  {
    method: 'post',
    path: '/v1/admin/sites',
    tags: ['sites'],
    summary: 'Create a site (operator); answers its key once',
    security: operator,
    request: { body: jsonBody(SiteInput) },
    responses: { 201: jsonAnswer(SiteWithKey, 'Created') },
  },
  { ...auth },
);
const listSites = defineRoute(
  {
    method: 'get',
    path: '/v1/admin/sites',
    tags: ['sites'],
    summary: 'List sites (operator)',
    security: operator,
    request: { query: PageQuery },
    responses: { 200: jsonAnswer(listOf('sites', Site), 'A page of sites') },
  },
  { ...auth },
);
const readSite = defineRoute(
  {
    method: 'get',
    path: '/v1/admin/sites/{id}',
    tags: ['sites'],
    summary: 'Read a site (operator)',
    security: operator,
    request: { params: SiteParams },
    responses: { 200: jsonAnswer(SiteAnswer, 'The site') },
  },
  { ...auth, ...missing },
);
const updateSite = defineRoute(
  {
    method: 'patch',
    path: '/v1/admin/sites/{id}',
    tags: ['sites'],
    summary: 'Update a site (operator)',
    security: operator,
    request: { params: SiteParams, body: jsonBody(SitePatch) },
    responses: { 200: jsonAnswer(SiteAnswer, 'The site') },
  },
  { ...auth, ...missing },
);
const deleteSite = defineRoute(
  {
    method: 'delete',
    path: '/v1/admin/sites/{id}',
    tags: ['sites'],
    summary: 'Delete a site and all of its data (operator)',
    security: operator,
    request: { params: SiteParams },
    responses: { 204: { description: 'Deleted' } },
  },
  { ...auth, ...missing },
);
const replaceSiteKey = defineRoute(
  {
    method: 'post',
    path: '/v1/admin/sites/{id}/key',
    tags: ['sites'],
    summary: "Replace a site's key and end all of its participant tokens (operator)",
    security: operator,
    request: { params: SiteParams },
    responses: { 200: jsonAnswer(SiteWithKey, 'The new key, shown once') },
  },
  { ...auth, ...missing },
);
const readOwnSite = defineRoute(
  {
    method: 'get',
    path: '/v1/site',
    tags: ['sites'],
    summary: 'The site of this site key',
    security: credentials.site,
    responses: { 200: jsonAnswer(SiteAnswer, 'The site') },
  },
  { ...auth },
);
const OwnSitePatch = SitePatch.omit({ name: true });
const updateOwnSite = defineRoute(
  {
    method: 'patch',
    path: '/v1/site',
    tags: ['sites'],
    summary: "Update this site's origins, safeguarding contacts or model switch (site key)",
    security: credentials.site,
    request: { body: jsonBody(OwnSitePatch) },
    responses: { 200: jsonAnswer(SiteAnswer, 'The site') },
  },
  { ...auth },
);

export function siteRoutes(services: Services) {
  const { store, origins } = services;
  const found = async (id: string) => {
    const site = await store.sites.get(id);
    if (!site) throw new ApiError(404, 'not_found', `No site with id "${id}".`);
    return site;
  };
  return router()
    .openapi(createSite, async (c) => {
      requireOperator(c.get('principal'));
      const id = `site_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
      const { apiKey, keyHash } = newSiteKey(id);
      const site = await store.sites.create(c.req.valid('json'), { keyHash, tokenSecret: newTokenSecret() }, id);
      origins.set(site.id, site.allowedOrigins);
      return c.json({ site, apiKey }, 201);
    })
    .openapi(listSites, async (c) => {
      requireOperator(c.get('principal'));
      const page = await store.sites.list(c.req.valid('query'));
      return c.json({ sites: page.items, ...cursorOf(page) }, 200);
    })
    .openapi(readSite, async (c) => {
      requireOperator(c.get('principal'));
      return c.json({ site: await found(c.req.valid('param').id) }, 200);
    })
    .openapi(updateSite, async (c) => {
      requireOperator(c.get('principal'));
      const { id } = c.req.valid('param');
      await found(id);
      const site = (await store.sites.update(id, c.req.valid('json')))!;
      origins.set(site.id, site.allowedOrigins);
      return c.json({ site }, 200);
    })
    .openapi(deleteSite, async (c) => {
      requireOperator(c.get('principal'));
      const { id } = c.req.valid('param');
      if (!(await store.sites.delete(id))) throw new ApiError(404, 'not_found', `No site with id "${id}".`);
      origins.remove(id);
      return c.body(null, 204);
    })
    .openapi(replaceSiteKey, async (c) => {
      requireOperator(c.get('principal'));
      const site = await found(c.req.valid('param').id);
      const { apiKey, keyHash } = newSiteKey(site.id);
      await store.sites.replaceSecrets(site.id, { keyHash, tokenSecret: newTokenSecret() });
      return c.json({ site, apiKey }, 200);
    })
    .openapi(readOwnSite, async (c) => c.json({ site: await found(requireSiteKey(c.get('principal'))) }, 200))
    .openapi(updateOwnSite, async (c) => {
      const siteId = requireSiteKey(c.get('principal'));
      const site = (await store.sites.update(siteId, c.req.valid('json')))!;
      origins.set(site.id, site.allowedOrigins);
      return c.json({ site }, 200);
    });
}

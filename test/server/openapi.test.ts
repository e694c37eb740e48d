import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createTestServices } from '../support/services.ts';

const app = createApp(createTestServices());

describe('the OpenAPI document', () => {
  it('describes every route the app serves, and nothing it does not', async () => {
    const document = await (await app.request('/openapi.json')).json();
    const served = new Set(app.routes
      .filter((route) => route.method !== 'ALL' && !route.path.startsWith('/widget/') && !route.path.startsWith('/demo/') && route.path !== '/')
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`));
    const documented = new Set(Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`)));
    expect([...served].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !served.has(route))).toEqual([]);
    expect(served.size).toBeGreaterThan(30);
  });

  it('gives every operation a summary, its path parameters and its JSON responses', async () => {
    const document = await (await app.request('/openapi.json')).json();
    for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(operation.summary, `${method} ${path}`).toBeTruthy();
        const pathParameters = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        expect(operation.parameters.filter((parameter: { in: string }) => parameter.in === 'path').map((parameter: { name: string }) => parameter.name)).toEqual(pathParameters);
        expect(Object.keys(operation.responses).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
    for (const match of JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      expect(document.components.schemas).toHaveProperty(match[1]!);
    }
  });
});

/**
 * The demo host page runs under a strict Content-Security-Policy at `/`; the same page and its
 * assets under `/demo/` (where `/demo/index.html` is the same page at another address) answer
 * with exactly the same policy, errors included, so no address of the demo runs with less.
 */
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { demoDir } from '../../server/paths.ts';
import { demoContentSecurityPolicy } from '../../server/routes/index.ts';
import { createTestServices } from '../support/services.ts';

const services = createTestServices();
const app = createApp(services);

afterAll(async () => {
  await services.store.close();
});

describe("the demo's Content-Security-Policy", () => {
  it('is the strict policy at /', async () => {
    const page = await app.request('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(demoContentSecurityPolicy);
    expect(demoContentSecurityPolicy).toContain("default-src 'none'");
    expect(demoContentSecurityPolicy).toContain("script-src 'self'");
  });

  it('is the same on every file of the demo folder under /demo/, the page itself included', async () => {
    const policy = (await app.request('/')).headers.get('content-security-policy');
    const files = readdirSync(demoDir);
    expect(files).toEqual(expect.arrayContaining(['index.html', 'demo.js', 'demo.css']));
    for (const file of files) {
      const response = await app.request(`/demo/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-security-policy'), file).toBe(policy);
    }
    const page = await app.request('/demo/index.html');
    expect(await page.text()).toBe(await (await app.request('/')).text());
  });

  it("is on the demo's error answers too", async () => {
    for (const path of ['/demo/missing.js', '/demo/..%2Fpackage.json', '/demo/', '/demo/a/b.html']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-security-policy'), path).toBe(demoContentSecurityPolicy);
    }
  });
});

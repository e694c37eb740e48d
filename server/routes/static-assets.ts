import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Context, Hono } from 'hono';
import { ApiError } from '../errors.ts';
import { demoDir, widgetDistDir, widgetLocalesDir } from '../paths.ts';

const contentTypes: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  map: 'application/json',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  png: 'image/png',
  svg: 'image/svg+xml',
  json: 'application/json',
};
// A plain file name: no slashes, no "..", so nothing outside the folder can be named.
const fileName = /^[\w-]+(?:\.[\w-]+)*\.(js|map|css|html|png|svg|json)$/;

/** The demo page's policy: the strict CSP a careful host would set, which the widget must live under. */
export const demoContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

async function readAsset(folder: string, name: string): Promise<Buffer> {
  const match = fileName.exec(name);
  if (!match) throw new ApiError(404, 'not_found', `No file named "${name}".`);
  try {
    return await readFile(join(folder, name));
  } catch {
    if (folder === widgetDistDir) {
      throw new ApiError(503, 'widget_not_built', 'The widget has not been built: run "npm run build" (npm start does it for you).');
    }
    throw new ApiError(404, 'not_found', `No file named "${name}".`);
  }
}

const translationName = /^([a-z]{2,3})(-[A-Z]{2}|-\d{3})?\.json$/;

/** `fr-CA.json`, else `fr.json`: a regional page gets its language when there is no regional file. */
async function readTranslation(name: string): Promise<Buffer> {
  const match = translationName.exec(name);
  if (!match) throw new ApiError(404, 'not_found', `No translation named "${name}": ask for a language tag such as fr.json or fr-CA.json.`);
  const candidates = match[2] ? [name, `${match[1]}.json`] : [name];
  for (const candidate of candidates) {
    try {
      return await readFile(join(widgetLocalesDir, candidate));
    } catch {
      // Not there: try the language alone.
    }
  }
  throw new ApiError(404, 'not_found', `No translation for "${name.slice(0, -5)}"; the widget stays in English.`);
}

function extension(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * Host pages on other origins load the widget and its translations: module scripts and
 * fetches go with CORS, and a cross-origin resource policy lets classic <script> tags have
 * them too.
 */
function widgetFile(c: Context, name: string, body: Buffer): Response {
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  c.header('Cache-Control', 'public, max-age=300');
  c.header('Content-Type', contentTypes[extension(name)]!);
  return c.body(new Uint8Array(body));
}

/** The built widget under /widget/ (loadable from any host page) and the demo host page at /. */
export function staticAssetRoutes() {
  return (
    new Hono()
      // The same policy as / on everything under /demo/, errors included: the demo page opened
      // at its own address (/demo/index.html) must not run with less protection than at /.
      .use('/demo/*', async (c, next) => {
        await next();
        c.header('Content-Security-Policy', demoContentSecurityPolicy);
      })
      .get('/widget/locales/:file', async (c) => {
        const name = c.req.param('file');
        return widgetFile(c, name, await readTranslation(name));
      })
      .get('/widget/:file', async (c) => {
        const name = c.req.param('file');
        return widgetFile(c, name, await readAsset(widgetDistDir, name));
      })
      .get('/', async (c) => {
        const body = await readAsset(demoDir, 'index.html');
        c.header('Content-Security-Policy', demoContentSecurityPolicy);
        return c.html(body.toString('utf8'));
      })
      .get('/demo/:file', async (c) => {
        const name = c.req.param('file');
        const body = await readAsset(demoDir, name);
        c.header('Content-Type', contentTypes[extension(name)]!);
        return c.body(new Uint8Array(body));
      })
  );
}

import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { guard, siteCors } from './auth/index.ts';
import { createOfflineEngine } from './coach/offline/index.ts';
import { ApiError, createErrorHandler, notFound } from './errors.ts';
import { noStore } from './no-store.ts';
import { openApiDocument, type RouteDoc } from './openapi.ts';
import { requestLog } from './request-log.ts';
import {
  coachDocs, coachRoutes, demoDocs, demoRoutes, feedbackDocs, feedbackRoutes, goalDocs, goalRoutes, healthDocs, healthRoutes, pairingDocs, pairingRoutes,
  participantDocs, participantRoutes, resourceDocs, resourceRoutes, sessionDocs, sessionRoutes, siteDocs, siteRoutes, staticAssetRoutes,
} from './routes/index.ts';
import { tokenRevocationDocs, tokenRevocationRoutes } from './routes/token-revocation.ts';
import { requireLibrary, type AppEnv, type Services } from './services.ts';

export const DEFAULT_BODY_LIMIT_BYTES = 100 * 1024;

const openApiDocs: RouteDoc[] = [{
  method: 'get', path: '/openapi.json', tag: 'operations', summary: 'This OpenAPI 3.1 document',
  responses: { 200: { description: 'The document' } },
}];

/** Builds the whole HTTP app around the services it is given (see server/main.ts for real ones). */
export function createApp(services: Services) {
  const maxSize = services.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const document = openApiDocument([
    ...healthDocs, ...openApiDocs, ...siteDocs, ...participantDocs, ...tokenRevocationDocs, ...pairingDocs, ...goalDocs, ...sessionDocs,
    ...feedbackDocs, ...coachDocs, ...resourceDocs, ...demoDocs,
  ], {
    title: 'mentor-coach',
    version: '0.1.0',
    description: 'Grounded mentoring coach: best-practice library, participants and goals, coaching answers.',
  });

  const offline = createOfflineEngine(() => requireLibrary(services));
  const app = new Hono<AppEnv>()
    .use(requestId({ limitLength: 64 }))
    // Before every layer that can refuse a request (the body limit, CORS, the guard), so
    // their answers are marked too.
    .use('/v1/*', noStore())
    .use(requestLog(services.logger))
    .use(secureHeaders({ crossOriginResourcePolicy: 'same-site', overwrite: false }))
    .use(bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `The request body is larger than ${Math.round(maxSize / 1024)} KB.`);
      },
    }))
    .use('/v1/*', siteCors(services.origins))
    .use('/v1/*', guard(services))
    .route('/', healthRoutes(services))
    .route('/', siteRoutes(services))
    .route('/', participantRoutes(services))
    .route('/', tokenRevocationRoutes(services))
    .route('/', pairingRoutes(services))
    .route('/', goalRoutes(services))
    .route('/', sessionRoutes(services))
    .route('/', feedbackRoutes(services))
    .route('/', coachRoutes(services, offline, services.modelEngine))
    .route('/', resourceRoutes(services))
    .route('/', demoRoutes(services))
    .route('/', staticAssetRoutes())
    .get('/openapi.json', (c) => c.json(document));

  app.onError(createErrorHandler(services.logger));
  app.notFound(notFound);
  return app;
}

export type AppType = ReturnType<typeof createApp>;

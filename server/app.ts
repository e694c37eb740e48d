import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import { guard, siteCors } from './auth/index.ts';
import { createOfflineEngine } from './coach/offline/index.ts';
import { ApiError, createErrorHandler, notFound } from './errors.ts';
import { noStore } from './no-store.ts';
import { credentials, jsonAnswer, openApiDocument } from './openapi.ts';
import { requestLog } from './request-log.ts';
import {
  coachRoutes,
  demoRoutes,
  feedbackRoutes,
  goalRoutes,
  healthRoutes,
  pairingRoutes,
  participantRoutes,
  resourceRoutes,
  sessionNoteRoutes,
  sessionRoutes,
  siteRoutes,
  staticAssetRoutes,
} from './routes/index.ts';
import { defineRoute, router } from './routes/router.ts';
import { tokenRevocationRoutes } from './routes/token-revocation.ts';
import { requireLibrary, type Services } from './services.ts';

export const DEFAULT_BODY_LIMIT_BYTES = 100 * 1024;

const OpenApiDocument = z.record(z.string(), z.unknown()).meta({ description: 'An OpenAPI 3.1 document' });
const describeApi = defineRoute({
  method: 'get',
  path: '/openapi.json',
  tags: ['operations'],
  summary: 'This OpenAPI 3.1 document',
  security: credentials.none,
  responses: { 200: jsonAnswer(OpenApiDocument, 'The document') },
});

/** Builds the whole HTTP app around the services it is given (see server/main.ts for real ones). */
export function createApp(services: Services) {
  const maxSize = services.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const offline = createOfflineEngine(() => requireLibrary(services));
  const app = router();
  app
    .use(requestId({ limitLength: 64 }))
    // Before every layer that can refuse a request (the body limit, CORS, the guard), so
    // their answers are marked too.
    .use('/v1/*', noStore())
    .use(requestLog(services.logger))
    .use(secureHeaders({ crossOriginResourcePolicy: 'same-site', overwrite: false }))
    .use(
      bodyLimit({
        maxSize,
        onError: () => {
          throw new ApiError(413, 'payload_too_large', `The request body is larger than ${Math.round(maxSize / 1024)} KB.`);
        },
      }),
    )
    .use('/v1/*', siteCors(services.origins))
    .use('/v1/*', guard(services));
  // Chained, so that the type of the whole API (AppType, for hono/client) is known.
  const api = app
    .route('/', healthRoutes(services))
    .route('/', siteRoutes(services))
    .route('/', participantRoutes(services))
    .route('/', tokenRevocationRoutes(services))
    .route('/', pairingRoutes(services))
    .route('/', goalRoutes(services))
    .route('/', sessionRoutes(services))
    .route('/', sessionNoteRoutes(services))
    .route('/', feedbackRoutes(services))
    .route('/', coachRoutes(services, offline, services.modelEngine))
    .route('/', resourceRoutes(services))
    .route('/', demoRoutes(services))
    .route('/', staticAssetRoutes())
    .openapi(describeApi, (c) => c.json(document, 200));
  // Written once, from every route's own definition, after the last route is added.
  const document = openApiDocument(app, {
    title: 'mentor-coach',
    version: '0.1.0',
    description: 'Grounded mentoring coach: best-practice library, participants and goals, coaching answers.',
  });

  api.onError(createErrorHandler(services.logger));
  api.notFound(notFound);
  return api;
}

export type AppType = ReturnType<typeof createApp>;

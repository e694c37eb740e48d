export { healthDocs, healthRoutes } from './health.ts';
export { resourceDocs, resourceRoutes } from './resources.ts';
export { demoContentSecurityPolicy, staticAssetRoutes } from './static-assets.ts';

import { ERROR_MAPPING } from '../middlewares/error-mapping';
import adminAPIRoutes from './admin';
import contentAPIRoutes from './content-api';

interface Route {
  method: string;
  path: string;
  handler: string;
  config?: { middlewares?: unknown[]; [key: string]: unknown };
}

/** Every route of the plugin answers its errors through the one error mapping (middlewares/error-mapping.ts). */
const withErrorMapping =
  <T extends { routes: Route[] }>(routes: () => T) =>
  (): T => {
    const router = routes();
    return {
      ...router,
      routes: router.routes.map((route) => ({
        ...route,
        config: { ...route.config, middlewares: [ERROR_MAPPING, ...(route.config?.middlewares ?? [])] },
      })),
    };
  };

const routes = {
  'content-api': withErrorMapping(contentAPIRoutes),
  admin: withErrorMapping(adminAPIRoutes),
};

export default routes;

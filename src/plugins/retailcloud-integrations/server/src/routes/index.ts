import contentAPIRoutes from "./content-api";
import adminAPIRoutes from "./admin";

const routes = {
  "content-api": contentAPIRoutes,
  admin: adminAPIRoutes,
};

export default routes;
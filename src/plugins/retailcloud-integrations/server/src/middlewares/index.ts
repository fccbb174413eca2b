import { errorMapping } from './error-mapping';

/** Route middlewares, named in routes by `plugin::retailcloud-integrations.<name>`. */
export default { 'error-mapping': errorMapping };

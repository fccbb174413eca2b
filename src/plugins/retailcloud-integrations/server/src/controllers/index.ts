import connection from './connection';
import overview from './overview';
import syncRun from './sync-run';

export default { connection, overview, syncRun };

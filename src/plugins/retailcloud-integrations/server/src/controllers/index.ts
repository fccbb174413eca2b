import accounting from './accounting';
import connection from './connection';
import overview from './overview';
import syncRun from './sync-run';

export default { accounting, connection, overview, syncRun };

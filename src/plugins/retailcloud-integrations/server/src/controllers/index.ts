import accounting from './accounting';
import connection from './connection';
import ecwid from './ecwid';
import mailchimp from './mailchimp';
import overview from './overview';
import records from './records';
import syncRun from './sync-run';

export default { accounting, connection, ecwid, mailchimp, overview, records, syncRun };

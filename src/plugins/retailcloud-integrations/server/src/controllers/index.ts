import accounting from './accounting';
import connection from './connection';
import mailchimp from './mailchimp';
import ecwid from './ecwid';
import overview from './overview';
import syncRun from './sync-run';

export default { accounting, connection, mailchimp, ecwid, overview, syncRun };

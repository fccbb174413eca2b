import schema from './schema.json';

/** What a run was asked to do, beyond its kind: enough to run it again (the audience), and which run it retries. */
export interface RunParams {
  listId?: string;
  retryOf?: number;
  /** the account (Xero tenant, QBO realm, Mailchimp account, Ecwid store) of the run's connection when it ran */
  accountId?: string;
}

export default { schema };

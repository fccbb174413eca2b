import { z } from 'zod';
import { type ContractOperation, findOperation } from '../core/contract';

/**
 * The Mailchimp operations the plugin uses, described from Mailchimp's published Marketing API reference (the
 * Marketing API OpenAPI document, v3.0.55, and the OAuth and batch guides), in our own words in
 * `docs/providers/mailchimp.md`. Request bodies are strict where the reference lists the fields: a field the operation
 * does not have (e.g. `status_if_new` in a batch-subscribe member) is refused. Query parameters are strict likewise.
 * Mailchimp OAuth has no scopes, so no operation names one.
 *
 * The sandbox validates every call with these schemas (`validateOperation`), and the contract test validates every
 * request the test suite recorded against them.
 */

const DOC = 'docs/providers/mailchimp.md';

/** Query values arrive as strings. */
const str = z.string();
const int = (max?: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .refine((v) => max === undefined || Number(v) <= max, {
      message: `must be at most ${max}`,
    });
const bool = z.enum(['true', 'false']);
const dateTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: 'must be an ISO 8601 date-time' });
const MEMBER_STATUS = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'] as const;

/** `fields` / `exclude_fields`: comma-separated lists, accepted on most reads. */
const fieldsQuery = { fields: str.optional(), exclude_fields: str.optional() };
const pageQuery = { ...fieldsQuery, count: int(1000).optional(), offset: int().optional() };

/** Merge fields: keys are merge tags, values strings or numbers (addresses are objects; we send none). */
const mergeFields = z.record(z.string(), z.union([z.string(), z.number(), z.record(z.string(), z.string())]));

/** A member of `POST /lists/{list_id}` (batch subscribe): `status` is the member's status; no `status_if_new`. */
const batchMember = z.strictObject({
  email_address: z.string().min(1),
  email_type: z.enum(['html', 'text']).optional(),
  status: z.enum(MEMBER_STATUS),
  merge_fields: mergeFields.optional(),
  interests: z.record(z.string(), z.boolean()).optional(),
  language: z.string().optional(),
  vip: z.boolean().optional(),
  location: z.strictObject({ latitude: z.number(), longitude: z.number() }).partial().optional(),
  ip_signup: z.string().optional(),
  timestamp_signup: z.string().optional(),
  ip_opt: z.string().optional(),
  timestamp_opt: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

/** `PATCH /lists/{list_id}/members/{subscriber_hash}`: every field optional; `status` has no `transactional` here. */
const memberPatch = z.strictObject({
  email_address: z.string().min(1).optional(),
  email_type: z.enum(['html', 'text']).optional(),
  status: z.enum(['subscribed', 'unsubscribed', 'cleaned', 'pending']).optional(),
  merge_fields: mergeFields.optional(),
  interests: z.record(z.string(), z.boolean()).optional(),
  language: z.string().optional(),
  vip: z.boolean().optional(),
  location: z.strictObject({ latitude: z.number(), longitude: z.number() }).partial().optional(),
  marketing_permissions: z
    .array(z.strictObject({ marketing_permission_id: z.string(), enabled: z.boolean() }))
    .optional(),
  ip_signup: z.string().optional(),
  timestamp_signup: z.string().optional(),
  ip_opt: z.string().optional(),
  timestamp_opt: z.string().optional(),
});

/** One operation of `POST /batches`: `body` is a JSON *string*, validated as the body of the operation it names. */
const batchOperation = z
  .strictObject({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    path: z.string().regex(/^\//, 'must be a path relative to /3.0, starting with /'),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    body: z.string().optional(),
    operation_id: z.string().optional(),
  })
  .superRefine((op, ctx) => {
    const [path, search = ''] = op.path.split('?');
    const inner = findOperation(mailchimpOperations, op.method, `/3.0${path}`);
    if (!inner || inner.id === 'mailchimp.batches.start') {
      ctx.addIssue({ code: 'custom', path: ['path'], message: `${op.method} ${op.path} is not an operation we use` });
      return;
    }
    // the operation's query parameters (in `params`, or in the path) are checked like the operation's own
    const query = {
      ...Object.fromEntries(new URLSearchParams(search)),
      ...Object.fromEntries(Object.entries(op.params ?? {}).map(([k, v]) => [k, String(v)])),
    };
    const queryResult = (inner.query ?? z.strictObject({})).safeParse(query);
    if (!queryResult.success) {
      for (const issue of queryResult.error.issues)
        ctx.addIssue({ ...issue, path: ['params', ...issue.path] } as never);
    }
    if (op.body === undefined) {
      if (inner.body) ctx.addIssue({ code: 'custom', path: ['body'], message: 'this operation needs a body' });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(op.body);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'must be a string holding JSON' });
      return;
    }
    if (!inner.body) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'this operation takes no body' });
      return;
    }
    const result = inner.body.safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: ['body', ...issue.path] } as never);
    }
  });

/** The operations, in the order of `docs/providers/mailchimp.md`. */
export const mailchimpOperations: Array<ContractOperation & { auth?: Array<'none'> }> = [
  {
    id: 'mailchimp.oauth.authorize',
    method: 'GET',
    path: '/oauth2/authorize',
    reference: `${DOC}#oauth`,
    query: z.strictObject({
      response_type: z.literal('code'),
      client_id: z.string().min(1),
      redirect_uri: z.string().url(),
      state: z.string().optional(),
    }),
  },
  {
    id: 'mailchimp.oauth.token',
    method: 'POST',
    path: '/oauth2/token',
    reference: `${DOC}#oauth`,
    // form-encoded; the client id and secret may travel in the body (what we do) or as HTTP Basic
    body: z.strictObject({
      grant_type: z.literal('authorization_code'),
      code: z.string().min(1),
      redirect_uri: z.string().url(),
      client_id: z.string().min(1).optional(),
      client_secret: z.string().min(1).optional(),
    }),
  },
  {
    id: 'mailchimp.oauth.metadata',
    method: 'GET',
    path: '/oauth2/metadata',
    reference: `${DOC}#metadata`,
    query: z.strictObject({}),
  },
  {
    // API root: the account the key belongs to (account_id, account_name), read once when an API key is entered
    id: 'mailchimp.root',
    method: 'GET',
    path: '/3.0/',
    reference: `${DOC}#root`,
    query: z.strictObject({ ...fieldsQuery }),
  },
  {
    id: 'mailchimp.ping',
    method: 'GET',
    path: '/3.0/ping',
    reference: `${DOC}#ping`,
    query: z.strictObject({ ...fieldsQuery }),
  },
  {
    id: 'mailchimp.lists.list',
    method: 'GET',
    path: '/3.0/lists',
    reference: `${DOC}#audiences`,
    query: z.strictObject({
      ...pageQuery,
      before_date_created: dateTime.optional(),
      since_date_created: dateTime.optional(),
      before_campaign_last_sent: dateTime.optional(),
      since_campaign_last_sent: dateTime.optional(),
      email: str.optional(),
      sort_field: z.enum(['date_created']).optional(),
      sort_dir: z.enum(['ASC', 'DESC']).optional(),
      has_ecommerce_store: bool.optional(),
      include_total_contacts: bool.optional(),
    }),
  },
  {
    id: 'mailchimp.lists.create',
    method: 'POST',
    path: '/3.0/lists',
    reference: `${DOC}#audiences`,
    query: z.strictObject({}),
    body: z.strictObject({
      name: z.string().min(1),
      contact: z.strictObject({
        company: z.string().min(1),
        address1: z.string().min(1),
        address2: z.string().optional(),
        city: z.string().min(1),
        state: z.string().optional(),
        zip: z.string().optional(),
        country: z.string().min(1),
        phone: z.string().optional(),
      }),
      permission_reminder: z.string().min(1),
      use_archive_bar: z.boolean().optional(),
      campaign_defaults: z.strictObject({
        from_name: z.string().min(1),
        from_email: z.string().min(1),
        subject: z.string(),
        language: z.string().min(1),
      }),
      notify_on_subscribe: z.string().optional(),
      notify_on_unsubscribe: z.string().optional(),
      email_type_option: z.boolean(),
      double_optin: z.boolean().optional(),
      marketing_permissions: z.boolean().optional(),
    }),
  },
  {
    id: 'mailchimp.lists.get',
    method: 'GET',
    path: '/3.0/lists/{list_id}',
    reference: `${DOC}#audiences`,
    query: z.strictObject({ ...fieldsQuery, include_total_contacts: bool.optional() }),
  },
  {
    id: 'mailchimp.lists.batch-members',
    method: 'POST',
    path: '/3.0/lists/{list_id}',
    reference: `${DOC}#batch-subscribe`,
    query: z.strictObject({ skip_merge_validation: bool.optional(), skip_duplicate_check: bool.optional() }),
    body: z.strictObject({
      members: z.array(batchMember).min(1).max(500),
      sync_tags: z.boolean().optional(),
      update_existing: z.boolean().optional(),
    }),
  },
  {
    id: 'mailchimp.lists.members.list',
    method: 'GET',
    path: '/3.0/lists/{list_id}/members',
    reference: `${DOC}#members-read`,
    query: z.strictObject({
      ...pageQuery,
      email_type: z.enum(['html', 'text']).optional(),
      status: z.enum(MEMBER_STATUS).optional(),
      since_timestamp_opt: dateTime.optional(),
      before_timestamp_opt: dateTime.optional(),
      since_last_changed: dateTime.optional(),
      before_last_changed: dateTime.optional(),
      unique_email_id: str.optional(),
      vip_only: bool.optional(),
      interest_category_id: str.optional(),
      interest_ids: str.optional(),
      interest_match: z.enum(['any', 'all', 'none']).optional(),
      sort_field: z.enum(['timestamp_opt', 'timestamp_signup', 'last_changed']).optional(),
      sort_dir: z.enum(['ASC', 'DESC']).optional(),
      since_last_campaign: bool.optional(),
      unsubscribed_since: dateTime.optional(),
    }),
  },
  {
    id: 'mailchimp.lists.members.update',
    method: 'PATCH',
    path: '/3.0/lists/{list_id}/members/{subscriber_hash}',
    reference: `${DOC}#member-update`,
    query: z.strictObject({ skip_merge_validation: bool.optional() }),
    body: memberPatch,
  },
  {
    id: 'mailchimp.batches.start',
    method: 'POST',
    path: '/3.0/batches',
    reference: `${DOC}#batches`,
    query: z.strictObject({}),
    body: z.strictObject({ operations: z.array(batchOperation).min(1) }),
  },
  {
    id: 'mailchimp.batches.status',
    method: 'GET',
    path: '/3.0/batches/{batch_id}',
    reference: `${DOC}#batches`,
    query: z.strictObject({ ...fieldsQuery }),
  },
  {
    // The archive behind `response_body_url`: a pre-signed download, fetched without our credentials.
    auth: ['none'],
    id: 'mailchimp.batches.results',
    method: 'GET',
    path: '/batch-results/{archive}',
    reference: `${DOC}#batch-results`,
    query: z.strictObject({}),
  },
  {
    id: 'mailchimp.templates.list',
    method: 'GET',
    path: '/3.0/templates',
    reference: `${DOC}#templates`,
    query: z.strictObject({
      ...pageQuery,
      created_by: str.optional(),
      since_date_created: dateTime.optional(),
      before_date_created: dateTime.optional(),
      type: str.optional(),
      category: str.optional(),
      folder_id: str.optional(),
      sort_field: z.enum(['date_created', 'date_edited', 'name']).optional(),
      content_type: str.optional(),
      sort_dir: z.enum(['ASC', 'DESC']).optional(),
    }),
  },
  {
    id: 'mailchimp.templates.create',
    method: 'POST',
    path: '/3.0/templates',
    reference: `${DOC}#templates`,
    query: z.strictObject({}),
    body: z.strictObject({
      name: z.string().min(1).max(50),
      folder_id: z.string().optional(),
      html: z.string().min(1),
    }),
  },
  {
    id: 'mailchimp.campaigns.list',
    method: 'GET',
    path: '/3.0/campaigns',
    reference: `${DOC}#campaigns`,
    query: z.strictObject({
      ...pageQuery,
      type: z.enum(['regular', 'plaintext', 'absplit', 'rss', 'variate']).optional(),
      status: z.enum(['save', 'paused', 'schedule', 'sending', 'sent']).optional(),
      before_send_time: dateTime.optional(),
      since_send_time: dateTime.optional(),
      before_create_time: dateTime.optional(),
      since_create_time: dateTime.optional(),
      list_id: str.optional(),
      folder_id: str.optional(),
      member_id: str.optional(),
      sort_field: z.enum(['create_time', 'send_time']).optional(),
      sort_dir: z.enum(['ASC', 'DESC']).optional(),
      include_resend_shortcut_eligibility: bool.optional(),
    }),
  },
  {
    id: 'mailchimp.campaigns.create',
    method: 'POST',
    path: '/3.0/campaigns',
    reference: `${DOC}#campaigns`,
    query: z.strictObject({}),
    // Only the parts we send are spelled out; the A/B, RSS, tracking and social blocks are accepted as objects.
    body: z.strictObject({
      type: z.enum(['regular', 'plaintext', 'absplit', 'rss', 'variate']),
      recipients: z
        .strictObject({ list_id: z.string().min(1), segment_opts: z.record(z.string(), z.unknown()).optional() })
        .optional(),
      settings: z
        .strictObject({
          subject_line: z.string(),
          preview_text: z.string(),
          title: z.string(),
          from_name: z.string(),
          reply_to: z.string(),
          use_conversation: z.boolean(),
          to_name: z.string(),
          folder_id: z.string(),
          authenticate: z.boolean(),
          auto_footer: z.boolean(),
          inline_css: z.boolean(),
          auto_tweet: z.boolean(),
          auto_fb_post: z.array(z.string()),
          fb_comments: z.boolean(),
          template_id: z.number().int(),
        })
        .partial()
        .optional(),
      variate_settings: z.record(z.string(), z.unknown()).optional(),
      tracking: z.record(z.string(), z.unknown()).optional(),
      rss_opts: z.record(z.string(), z.unknown()).optional(),
      social_card: z.record(z.string(), z.unknown()).optional(),
      content_type: z.enum(['template', 'multichannel']).optional(),
    }),
  },
  {
    id: 'mailchimp.campaigns.get',
    method: 'GET',
    path: '/3.0/campaigns/{campaign_id}',
    reference: `${DOC}#campaigns`,
    query: z.strictObject({ ...fieldsQuery, include_resend_shortcut_eligibility: bool.optional() }),
  },
  {
    id: 'mailchimp.campaigns.delete',
    method: 'DELETE',
    path: '/3.0/campaigns/{campaign_id}',
    reference: `${DOC}#campaigns`,
    query: z.strictObject({}),
  },
  {
    id: 'mailchimp.campaigns.content',
    method: 'PUT',
    path: '/3.0/campaigns/{campaign_id}/content',
    reference: `${DOC}#campaign-content`,
    query: z.strictObject({}),
    body: z.strictObject({
      plain_text: z.string().optional(),
      html: z.string().optional(),
      url: z.string().optional(),
      template: z
        .strictObject({ id: z.number().int(), sections: z.record(z.string(), z.string()).optional() })
        .optional(),
      archive: z
        .strictObject({
          archive_content: z.string(),
          archive_type: z.enum(['zip', 'tar.gz', 'tar.bz2', 'tar', 'tgz', 'tbz']).optional(),
        })
        .optional(),
      variate_contents: z.array(z.record(z.string(), z.unknown())).optional(),
    }),
  },
  {
    id: 'mailchimp.campaigns.content.get',
    method: 'GET',
    path: '/3.0/campaigns/{campaign_id}/content',
    reference: `${DOC}#campaign-content`,
    query: z.strictObject({ ...fieldsQuery }),
  },
  {
    id: 'mailchimp.campaigns.send-checklist',
    method: 'GET',
    path: '/3.0/campaigns/{campaign_id}/send-checklist',
    reference: `${DOC}#campaign-actions`,
    query: z.strictObject({ ...fieldsQuery }),
  },
  {
    id: 'mailchimp.campaigns.schedule',
    method: 'POST',
    path: '/3.0/campaigns/{campaign_id}/actions/schedule',
    reference: `${DOC}#campaign-actions`,
    query: z.strictObject({}),
    body: z.strictObject({
      schedule_time: dateTime,
      timewarp: z.boolean().optional(),
      batch_delivery: z.strictObject({ batch_delay: z.number().int(), batch_count: z.number().int() }).optional(),
    }),
  },
  {
    id: 'mailchimp.campaigns.send',
    method: 'POST',
    path: '/3.0/campaigns/{campaign_id}/actions/send',
    reference: `${DOC}#campaign-actions`,
    query: z.strictObject({}),
  },
  {
    id: 'mailchimp.campaigns.unschedule',
    method: 'POST',
    path: '/3.0/campaigns/{campaign_id}/actions/unschedule',
    reference: `${DOC}#campaign-actions`,
    query: z.strictObject({}),
  },
  {
    id: 'mailchimp.reports.get',
    method: 'GET',
    path: '/3.0/reports/{campaign_id}',
    reference: `${DOC}#reports`,
    query: z.strictObject({ ...fieldsQuery }),
  },
];

export interface ContractProblem {
  field: string;
  message: string;
}

const describeIssues = (where: 'query' | 'body', issues: z.core.$ZodIssue[]): ContractProblem[] =>
  issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...at, key].join('.'),
        message: `${key} is not a field of this operation`,
      }));
    }
    return [{ field: at.join('.') || where, message: issue.message }];
  });

/**
 * What is wrong with a request for `op` (empty when it is valid). `query` as parsed from the URL (single values),
 * `body` as sent (undefined when there was none). An operation without a body schema takes no body.
 */
export const validateOperation = (op: ContractOperation, query: unknown, body: unknown): ContractProblem[] => {
  const problems: ContractProblem[] = [];
  if (op.query) {
    const result = op.query.safeParse(query ?? {});
    if (!result.success) problems.push(...describeIssues('query', result.error.issues));
  }
  const empty = body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0);
  if (op.body) {
    const result = op.body.safeParse(body ?? null);
    if (!result.success) problems.push(...describeIssues('body', result.error.issues));
  } else if (!empty) problems.push({ field: 'body', message: 'this operation takes no body' });
  return problems;
};

import crypto from 'node:crypto';

/** Mailchimp member statuses (the ones a sync meets). `cleaned` is Mailchimp's word for bounced addresses. */
export type MemberStatus = 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional';
export const MEMBER_STATUSES: readonly MemberStatus[] = [
  'subscribed',
  'unsubscribed',
  'cleaned',
  'pending',
  'transactional',
];

export interface SandboxList {
  id: string;
  web_id: number;
  name: string;
  contact: {
    company: string;
    address1: string;
    address2?: string;
    city: string;
    state: string;
    zip: string;
    country: string;
  };
  permission_reminder: string;
  campaign_defaults: { from_name: string; from_email: string; subject: string; language: string };
  email_type_option: boolean;
  date_created: string;
}

export interface SandboxMember {
  /** the subscriber hash: md5 of the lower-cased email */
  id: string;
  email_address: string;
  unique_email_id: string;
  status: MemberStatus;
  merge_fields: Record<string, string>;
  list_id: string;
  timestamp_signup: string;
  /** epoch ms of the last change (served as ISO `last_changed`) */
  lastChangedMs: number;
}

export interface SandboxTemplate {
  id: number;
  type: 'user';
  name: string;
  html: string;
  active: boolean;
  date_created: string;
}

export type CampaignStatus = 'save' | 'paused' | 'schedule' | 'sending' | 'sent';

export interface SandboxCampaign {
  id: string;
  web_id: number;
  type: string;
  status: CampaignStatus;
  create_time: string;
  send_time: string | null;
  emails_sent: number;
  recipients: { list_id: string };
  settings: {
    subject_line: string;
    from_name: string;
    reply_to: string;
    title: string;
    template_id: number | null;
    preview_text?: string;
  };
  content: { html: string | null; template_id: number | null };
}

export interface SandboxReport {
  opens: number;
  uniqueOpens: number;
  clicks: number;
  uniqueClicks: number;
  unsubscribed: number;
}

/** One operation's outcome in a batch results archive; `response` is the operation's answer as a JSON string. */
export interface SandboxBatchResult {
  status_code: number;
  operation_id: string | null;
  response: string;
}

export interface SandboxBatch {
  id: string;
  status: 'pending' | 'started' | 'finished';
  total: number;
  /** status reads so far: the batch reports finished once this reaches `batchPollsToFinish` */
  polls: number;
  submittedAtMs: number;
  completedAtMs: number | null;
  results: SandboxBatchResult[];
}

/** md5 of the lower-cased address: Mailchimp's subscriber_hash. */
export const subscriberHash = (email: string): string =>
  crypto.createHash('md5').update(email.toLowerCase()).digest('hex');

/**
 * Mailchimp's own address check is stricter than RFC 5322 and undocumented; this one refuses what it visibly
 * refuses (no @, no dot in the domain, spaces, empty parts).
 */
export const looksLikeEmail = (email: string): boolean =>
  /^[^\s@"<>(),;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(email);

/** Audiences, members, templates, campaigns and reports of the sandbox account. */
export class MailchimpAudienceState {
  lists: SandboxList[] = [];
  /** list id → subscriber hash → member */
  members: Record<string, Record<string, SandboxMember>> = {};
  templates: SandboxTemplate[] = [];
  campaigns: SandboxCampaign[] = [];
  /** campaign id → figures a test sets (opens, clicks, unsubscribes) */
  reports: Record<string, SandboxReport> = {};
  /** sending domains verified in the account; a from address elsewhere fails the send checklist */
  verifiedDomains: string[] = ['example.com', 'demo-retail.example'];
  /** batch operations (`POST /batches`), oldest first */
  batches: SandboxBatch[] = [];
  /**
   * How many status reads (`GET /batches/{id}`) a batch takes to finish: pending when queued, started, then finished
   * on this read. A test raises it to keep a batch running.
   */
  batchPollsToFinish = 2;
  /** the member count of every batch subscribe call, in order (tests check none exceeded 500) */
  batchSizes: number[] = [];
  private sequence = 0;

  nextId(): string {
    this.sequence += 1;
    return crypto
      .createHash('md5')
      .update(`sandbox-${this.sequence}-${crypto.randomUUID()}`)
      .digest('hex')
      .slice(0, 10);
  }

  nextNumber(): number {
    this.sequence += 1;
    return 10_000 + this.sequence;
  }

  list(id: string): SandboxList | undefined {
    return this.lists.find((l) => l.id === id);
  }

  membersOf(listId: string): Record<string, SandboxMember> {
    this.members[listId] ??= {};
    return this.members[listId];
  }

  member(listId: string, email: string): SandboxMember | undefined {
    return this.membersOf(listId)[subscriberHash(email)];
  }

  /** Test control: put a member in place directly (as if it signed up, unsubscribed or bounced in Mailchimp). */
  putMember(
    listId: string,
    email: string,
    status: MemberStatus,
    nowMs: number,
    mergeFields: Record<string, string> = {}
  ): SandboxMember {
    const hash = subscriberHash(email);
    const existing = this.membersOf(listId)[hash];
    const member: SandboxMember = existing
      ? { ...existing, status, merge_fields: { ...existing.merge_fields, ...mergeFields }, lastChangedMs: nowMs }
      : {
          id: hash,
          email_address: email,
          unique_email_id: this.nextId(),
          status,
          merge_fields: mergeFields,
          list_id: listId,
          timestamp_signup: new Date(nowMs).toISOString(),
          lastChangedMs: nowMs,
        };
    this.membersOf(listId)[hash] = member;
    return member;
  }

  campaign(id: string): SandboxCampaign | undefined {
    return this.campaigns.find((c) => c.id === id);
  }

  setReport(campaignId: string, report: Partial<SandboxReport>): void {
    const current = this.reports[campaignId] ?? {
      opens: 0,
      uniqueOpens: 0,
      clicks: 0,
      uniqueClicks: 0,
      unsubscribed: 0,
    };
    this.reports[campaignId] = { ...current, ...report };
  }
}

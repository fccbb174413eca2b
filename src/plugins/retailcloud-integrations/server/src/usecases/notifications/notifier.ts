/**
 * Email to the System Admins when something fails at night: a scheduled run that failed (or left items behind), a
 * connection that needs to be connected again. Sent through Strapi's email plugin (config/plugins.ts), to every
 * active administrator with the plugin's System Admin role, at most once per problem per day: a row per problem and
 * day (unique in the database) is claimed before anything is sent, so two app instances seeing the same failure send
 * one email. A send that fails frees its claim for the next occurrence.
 */
import { businessDayOf } from '@retailcloud/domain';
import type { Core } from '@strapi/strapi';
import { ADMIN_ROLE_CODE, PLUGIN_ID } from '../../constants';
import { getEngine } from '../../engine/context';
import { createDocument, query, uid } from '../../engine/rows';
import { providerModule } from '../../modules/registry';
import { homeTimeZone } from '../../utils/store-time-zones';
import { failedRunMail, type ProblemMail, reauthMail } from './messages';

export type NotifyOutcome = 'sent' | 'already-sent' | 'failed';

interface EmailService {
  send(options: { to: string; subject: string; text: string; html: string }): Promise<unknown>;
}

const providerName = (provider: string) => {
  try {
    return providerModule(provider).adapter.name;
  } catch {
    return provider;
  }
};

export const createNotifier = (strapi: Core.Strapi, pageUrl: (provider: string) => string) => {
  const rows = () => query(strapi, 'notification');
  const pending = new Set<Promise<unknown>>();

  /** Active administrators with the System Admin role (the plugin's admin role), by address. */
  const recipients = async (): Promise<string[]> => {
    const role = await strapi.db.query('admin::role').findOne({ where: { code: ADMIN_ROLE_CODE }, select: ['id'] });
    if (!role) return [];
    const users = (await strapi.db.query('admin::user').findMany({
      where: { roles: { id: role.id }, isActive: true, blocked: false },
      select: ['email'],
      orderBy: { id: 'asc' },
    })) as Array<{ email: string | null }>;
    return [...new Set(users.map((u) => u.email).filter((e): e is string => Boolean(e)))];
  };

  /** The claim of (problem, day): true when this caller is the one to send it. */
  const claim = async (mail: ProblemMail, day: string): Promise<number | null> => {
    try {
      const row = await createDocument(strapi, 'notification', {
        problemKey: mail.key,
        day,
        provider: mail.provider,
        subject: mail.subject.slice(0, 255),
        status: 'sending',
      });
      return row.id;
    } catch {
      // the unique (problem, day) row exists: sent or being sent by someone else, unless that attempt failed
      const claimed = await rows().updateMany({
        where: { problemKey: mail.key, day, status: 'failed' },
        data: { status: 'sending', subject: mail.subject.slice(0, 255) },
      });
      if (!claimed.count) return null;
      return (await rows().findOne({ where: { problemKey: mail.key, day }, select: ['id'] }))?.id ?? null;
    }
  };

  const notify = async (mail: ProblemMail): Promise<NotifyOutcome> => {
    const day = businessDayOf(await homeTimeZone(strapi), new Date(getEngine(strapi).clock.now()));
    const id = await claim(mail, day);
    if (id === null) return 'already-sent';
    try {
      const to = await recipients();
      if (to.length === 0) throw new Error('no active administrator has the System Admin role');
      const email = strapi.plugin('email')?.service('email') as EmailService | undefined;
      if (!email) throw new Error("Strapi's email plugin is not installed");
      for (const address of to)
        await email.send({ to: address, subject: mail.subject, text: mail.text, html: mail.html });
      await rows().update({
        where: { id },
        data: { status: 'sent', recipients: to.length, sentAt: new Date(), lastError: null },
      });
      return 'sent';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await rows().update({ where: { id }, data: { status: 'failed', lastError: reason.slice(0, 2000) } });
      strapi.log.warn(`[${PLUGIN_ID}] the email "${mail.subject}" was not sent: ${reason}`);
      return 'failed';
    }
  };

  /** Send in the background (a lifecycle must not wait for SMTP); idle() waits for what is under way. */
  const later = (mail: ProblemMail) => {
    const job = notify(mail)
      .catch((error) =>
        strapi.log.warn(`[${PLUGIN_ID}] notification failed: ${error instanceof Error ? error.message : String(error)}`)
      )
      .finally(() => pending.delete(job));
    pending.add(job);
  };

  /** Watch the runs and connections: a scheduled run that failed, a connection that needs re-authorisation. */
  const watch = () => {
    strapi.db.lifecycles.subscribe({
      models: [uid('sync-run')],
      afterUpdate(event) {
        const run = event.result as
          | {
              provider: string;
              kind: string;
              trigger: string;
              status: string;
              message: string | null;
              failures: Array<{ ref: string; reason: string }> | null;
              finishedAt: string | Date | null;
            }
          | undefined;
        if (run?.trigger !== 'cron' || (run.status !== 'failed' && run.status !== 'partial')) return;
        later(
          failedRunMail(
            {
              provider: run.provider,
              providerName: providerName(run.provider),
              kind: run.kind,
              status: run.status,
              message: run.message,
              failures: (run.failures ?? []).filter((f) => !f.reason.startsWith('skipped:')),
              finishedAt: run.finishedAt ? new Date(run.finishedAt) : new Date(),
            },
            pageUrl(run.provider)
          )
        );
      },
    });
    strapi.db.lifecycles.subscribe({
      models: [uid('integration-connection')],
      afterUpdate(event) {
        const connection = event.result as
          | { id: number; provider: string; status: string; accountName: string | null; lastError: string | null }
          | undefined;
        if (connection?.status !== 'needs_reauth') return;
        later(
          reauthMail(
            {
              id: connection.id,
              provider: connection.provider,
              providerName: providerName(connection.provider),
              accountName: connection.accountName,
              lastError: connection.lastError,
            },
            pageUrl(connection.provider)
          )
        );
      },
    });
  };

  return {
    notify,
    watch,
    recipients,
    /** Resolves once every email under way has been sent or has failed. */
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
};

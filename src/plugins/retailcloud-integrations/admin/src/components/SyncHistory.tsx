import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { Fragment, useCallback, useEffect, useId, useState } from 'react';
import { useIntl } from 'react-intl';
import type { LedgerRoutesView } from '../../../contracts/connections';
import { RUN_STATUSES, RUN_TRIGGERS, type RunStarted } from '../../../contracts/sync-runs';
import type { ProviderId } from '../constants';
import { PLUGIN_ID } from '../pluginId';
import { errorMessage } from '../utils/errorMessage';
import { getTranslation } from '../utils/getTranslation';
import {
  entityLabel,
  failureReason,
  messageBeyondCounts,
  plainReason,
  runKindLabel,
  runSummary,
  sentence,
  skipReason,
  splitItems,
} from '../utils/runWords';
import { DataTable } from './DataTable';
import { SyncTimeline } from './SyncTimeline';
import type { RunStatus, SyncRunView } from './syncRunView';

export type { RunStatus, SyncRunView } from './syncRunView';

const STATUSES = RUN_STATUSES;
const TRIGGERS = RUN_TRIGGERS;
const ALL = 'all';
/** How often a retry going on in the background is read until it has ended (as RunProgress reads a run). */
const RETRY_POLL_MS = 2_000;
/** Run kinds whose failed items the server can send again on their own (POST /sync-runs/:id/retry). */
const RETRYABLE_KINDS = new Set(['ecwid-setup', 'ecwid-incremental', 'audience-sync', 'daily-posting']);

/** Failed items a retry would send again: those skipped by rule (no SKU, no consent…) stay as they are. */
export const retryableItems = (run: SyncRunView) =>
  RETRYABLE_KINDS.has(run.kind) && run.status !== 'running'
    ? (run.failures ?? []).filter((f) => !f.reason.startsWith('skipped')).length
    : 0;

/** Long messages and counts wrap inside their cell (the design system's table keeps every cell on one line). */
const wrapping = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

export const formatDuration = (ms: number | null): string => {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
};

/** The runs of one provider, newest first: a text status badge on every row, failed items behind a toggle. */
export const SyncHistory = ({
  provider,
  refreshKey = 0,
  onRetried,
}: {
  provider: ProviderId;
  refreshKey?: number;
  /** after a retry has finished (the page may reload what the retry changed) */
  onRetried?: () => void;
}) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [status, setStatus] = useState<string>(ALL);
  const [trigger, setTrigger] = useState<string>(ALL);
  const [ledger, setLedger] = useState<string>(ALL);
  const [ledgers, setLedgers] = useState<Array<{ id: number; name: string }>>([]);
  const [runs, setRuns] = useState<SyncRunView[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [retrying, setRetrying] = useState<number | null>(null);
  const headingId = useId();

  const load = useCallback(async () => {
    const query = new URLSearchParams({ provider, limit: '50' });
    if (status !== ALL) query.set('status', status);
    if (trigger !== ALL) query.set('trigger', trigger);
    // one ledger's runs are filtered by the server: its 50 newest, not those among every ledger's 50 newest
    if (ledger !== ALL) query.set('connection', ledger);
    const res = await get<{ data: SyncRunView[] }>(`/${PLUGIN_ID}/sync-runs?${query.toString()}`);
    setRuns(res.data.data);
    setFailed(false);
  }, [get, provider, status, trigger, ledger]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the caller's signal to reload
  useEffect(() => {
    load().catch(() => setFailed(true));
  }, [load, refreshKey]);

  // Several ledgers of one provider (Xero organisations, QuickBooks companies): each run names its own, and the
  // history can show one ledger's runs. Providers without ledgers answer no routes and show neither.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the caller's signal to reload
  useEffect(() => {
    get<{ data: LedgerRoutesView }>(`/${PLUGIN_ID}/accounting/${provider}/routes`)
      .then((res) => setLedgers(res.data.data.connections.map((c) => ({ id: c.id, name: c.name }))))
      .catch(() => setLedgers([]));
  }, [get, provider, refreshKey]);
  const ledgerName = (run: SyncRunView) =>
    ledgers.length > 1 ? ledgers.find((l) => l.id === run.connectionId)?.name : undefined;

  const toggle = (id: number) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };

  const statusLabel = (s: RunStatus) => t(`run.status.${s}`, s);
  const itemsButton = (expanded: boolean, failedCount: number, skippedCount: number) => {
    const values = { failed: failedCount, skipped: skippedCount };
    if (failedCount && skippedCount)
      return expanded
        ? t('history.hideBoth', 'Hide {failed} failed, {skipped} skipped', values)
        : t('history.showBoth', 'Show {failed} failed, {skipped} skipped', values);
    if (failedCount)
      return expanded
        ? t('history.hideFailures', 'Hide {count} failed', { count: failedCount })
        : t('history.showFailures', 'Show {count} failed', { count: failedCount });
    return expanded
      ? t('history.hideSkipped', 'Hide {count} skipped', { count: skippedCount })
      : t('history.showSkipped', 'Show {count} skipped', { count: skippedCount });
  };

  const retry = async (run: SyncRunView) => {
    setRetrying(run.id);
    try {
      const res = await post<{ data: SyncRunView | RunStarted }>(`/${PLUGIN_ID}/sync-runs/${run.id}/retry`, {});
      let result = res.data.data;
      if ('runId' in result) {
        // 202: a posting retry goes on in the background; followed here (as RunProgress does) until it has ended
        const runId = result.runId;
        await load();
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, RETRY_POLL_MS));
          const next = (await get<{ data: SyncRunView }>(`/${PLUGIN_ID}/sync-runs/${runId}`)).data.data;
          if (next.status !== 'running') {
            result = next;
            break;
          }
        }
      }
      const ended = result as SyncRunView;
      toggleNotification(
        ended.status === 'done'
          ? {
              type: 'success',
              message: t('history.retry.done', 'Retry finished: every failed item went through. {message}', {
                message: ended.message ?? '',
              }),
            }
          : {
              type: 'warning',
              message: t('history.retry.notDone', 'Retry finished ({status}): {message}', {
                status: statusLabel(ended.status),
                message: ended.message ?? '',
              }),
            }
      );
      await load();
      onRetried?.();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setRetrying(null);
    }
  };

  return (
    <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius tag="section" aria-labelledby={headingId}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="flex-end" gap={4}>
          <Typography variant="delta" tag="h2" id={headingId}>
            {t('history.title', 'Sync history')}
          </Typography>
          <Flex gap={4} alignItems="flex-end">
            <Field.Root name="history-status">
              <Field.Label>{t('history.filter', 'Show runs')}</Field.Label>
              <SingleSelect value={status} onChange={(v: string | number) => setStatus(String(v))}>
                <SingleSelectOption value={ALL}>{t('history.filter.all', 'All runs')}</SingleSelectOption>
                {STATUSES.map((s) => (
                  <SingleSelectOption key={s} value={s}>
                    {statusLabel(s)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
            {ledgers.length > 1 ? (
              <Field.Root name="history-ledger">
                <Field.Label>{t('history.filter.ledger', 'Ledger')}</Field.Label>
                <SingleSelect value={ledger} onChange={(v: string | number) => setLedger(String(v))}>
                  <SingleSelectOption value={ALL}>{t('history.filter.anyLedger', 'Every ledger')}</SingleSelectOption>
                  {ledgers.map((l) => (
                    <SingleSelectOption key={l.id} value={String(l.id)}>
                      {l.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            ) : null}
            <Field.Root name="history-trigger">
              <Field.Label>{t('history.filter.trigger', 'Started by')}</Field.Label>
              <SingleSelect value={trigger} onChange={(v: string | number) => setTrigger(String(v))}>
                <SingleSelectOption value={ALL}>{t('history.filter.anyTrigger', 'Any trigger')}</SingleSelectOption>
                {TRIGGERS.map((tr) => (
                  <SingleSelectOption key={tr} value={tr}>
                    {t(`trigger.${tr}`, tr)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Flex>
        </Flex>
        {failed ? (
          <Typography textColor="danger600">
            {t('history.loadError', 'The sync history could not be loaded. Reload the page to try again.')}
          </Typography>
        ) : null}
        {runs && runs.length === 0 ? (
          <Typography textColor="neutral600">{t('history.empty', 'No runs yet.')}</Typography>
        ) : null}
        {runs && runs.length > 0 ? <SyncTimeline runs={runs} /> : null}
        {runs && runs.length > 0 ? (
          <Table colCount={5} rowCount={runs.length + 1} aria-label={t('history.title', 'Sync history')}>
            <Thead>
              <Tr>
                <Th>{t('history.time', 'Started')}</Th>
                <Th>{t('history.run', 'Run and trigger')}</Th>
                <Th>{t('history.status', 'Status')}</Th>
                <Th>{t('history.outcome', 'What happened')}</Th>
                <Th>{t('history.items', 'Items')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {runs.map((run) => {
                const { failed: failedItems, skipped: skippedItems } = splitItems(run.failures);
                const reason = failureReason(t, run);
                const recorded = messageBeyondCounts(run.message);
                const extra = recorded ? plainReason(t, run, recorded).words : '';
                // the merchant's words, and the provider's own under them for the engineer (folded)
                const reasonCell = (text: string) => {
                  const { words, details } = plainReason(t, run, text);
                  return details ? (
                    <Box key="reason">
                      <Typography variant="pi" tag="p">
                        {words}
                      </Typography>
                      <details>
                        <summary>
                          <Typography variant="pi" textColor="neutral600">
                            {t('history.details', 'Details for your engineer')}
                          </Typography>
                        </summary>
                        <Typography variant="pi" textColor="neutral600" tag="p">
                          {details}
                        </Typography>
                      </details>
                    </Box>
                  ) : (
                    words
                  );
                };
                const expanded = open.has(run.id);
                const retried = run.params?.retryOf ? runs?.find((r) => r.id === run.params?.retryOf) : undefined;
                return (
                  <Fragment key={run.id}>
                    <Tr>
                      <Td>
                        <Box style={wrapping} maxWidth="11rem">
                          <Typography variant="pi" tag="p">
                            {new Date(run.startedAt).toLocaleString()}
                          </Typography>
                          <Typography variant="pi" textColor="neutral600" tag="p">
                            {t('history.took', 'took {duration}', { duration: formatDuration(run.durationMs) })}
                          </Typography>
                        </Box>
                      </Td>
                      <Td>
                        <Box style={wrapping} maxWidth="18rem">
                          <Typography variant="pi" fontWeight="bold" tag="p">
                            {runKindLabel(t, run.kind)}
                          </Typography>
                          {ledgerName(run) ? (
                            <Typography variant="pi" tag="p">
                              {t('history.ledger', 'Ledger: {name}', { name: ledgerName(run) ?? '' })}
                            </Typography>
                          ) : null}
                          <Typography variant="pi" tag="p">
                            {t(`trigger.${run.trigger}`, run.trigger)}
                            {run.startedBy && run.startedBy !== run.trigger ? ` (${run.startedBy})` : ''}
                          </Typography>
                          {retried ? (
                            <Typography variant="pi" textColor="neutral600" tag="p">
                              {t('history.retryOf', 'of the run started {when}', {
                                when: new Date(retried.startedAt).toLocaleString(),
                              })}
                            </Typography>
                          ) : null}
                        </Box>
                      </Td>
                      <Td>
                        <Badge active={run.status === 'done'}>{statusLabel(run.status)}</Badge>
                      </Td>
                      <Td>
                        <Box minWidth="16rem" maxWidth="40rem" style={wrapping}>
                          {reason ? (
                            <Typography variant="pi" fontWeight="bold" textColor="danger600" tag="p">
                              {run.status === 'failed'
                                ? t('history.syncFailed', 'Sync failed: {reason}', { reason })
                                : t(
                                    'history.syncFailedItems',
                                    'Sync failed for {count, plural, one {# item} other {# items}}: {reason}',
                                    { count: failedItems.length, reason }
                                  )}
                            </Typography>
                          ) : null}
                          <Typography variant="pi" tag="p">
                            {runSummary(t, run.counts)}
                          </Typography>
                          {extra && extra !== reason && !failedItems.some((f) => recorded.includes(f.reason)) ? (
                            <Typography variant="pi" textColor="neutral600" tag="p">
                              {extra}
                            </Typography>
                          ) : null}
                        </Box>
                      </Td>
                      <Td>
                        {failedItems.length || skippedItems.length ? (
                          <Button
                            variant="tertiary"
                            size="S"
                            aria-expanded={expanded}
                            aria-controls={`run-${run.id}-failures`}
                            onClick={() => toggle(run.id)}
                          >
                            {itemsButton(expanded, failedItems.length, skippedItems.length)}
                          </Button>
                        ) : (
                          <Typography textColor="neutral600">{t('history.noFailures', 'None')}</Typography>
                        )}
                      </Td>
                    </Tr>
                    {expanded ? (
                      <Tr id={`run-${run.id}-failures`}>
                        <Td colSpan={5}>
                          <Flex direction="column" alignItems="flex-start" gap={2} style={wrapping}>
                            {retryableItems(run) > 0 ? (
                              <Button
                                variant="secondary"
                                size="S"
                                loading={retrying === run.id}
                                disabled={retrying !== null}
                                onClick={() => retry(run)}
                              >
                                {t('history.retry', 'Retry failed items')}
                              </Button>
                            ) : null}
                            {failedItems.length ? (
                              <Box width="100%">
                                <Typography variant="omega" fontWeight="bold" tag="h3">
                                  {t('history.failedItems', 'Failed: {count}', { count: failedItems.length })}
                                </Typography>
                                <DataTable
                                  wrap
                                  label={t('history.failedItems', 'Failed: {count}', { count: failedItems.length })}
                                  headers={[t('history.item', 'Item'), t('history.reason', 'Reason')]}
                                  rows={failedItems.map((f, i) => ({
                                    key: `${f.entity}:${f.ref}:${i}`,
                                    cells: [
                                      `${sentence(entityLabel(t, f.entity))} ${f.label ?? f.ref}`,
                                      reasonCell(f.reason),
                                    ],
                                  }))}
                                />
                              </Box>
                            ) : null}
                            {skippedItems.length ? (
                              <Box width="100%">
                                <Typography variant="omega" fontWeight="bold" tag="h3">
                                  {t('history.skippedItems', 'Skipped on purpose (not failures): {count}', {
                                    count: skippedItems.length,
                                  })}
                                </Typography>
                                <DataTable
                                  wrap
                                  label={t('history.skippedItems', 'Skipped on purpose (not failures): {count}', {
                                    count: skippedItems.length,
                                  })}
                                  headers={[t('history.item', 'Item'), t('history.skipReason', 'Why it was skipped')]}
                                  rows={skippedItems.map((f, i) => ({
                                    key: `${f.entity}:${f.ref}:${i}`,
                                    cells: [
                                      `${sentence(entityLabel(t, f.entity))} ${f.label ?? f.ref}`,
                                      skipReason(f.reason),
                                    ],
                                  }))}
                                />
                              </Box>
                            ) : null}
                          </Flex>
                        </Td>
                      </Tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </Tbody>
          </Table>
        ) : null}
      </Flex>
    </Box>
  );
};

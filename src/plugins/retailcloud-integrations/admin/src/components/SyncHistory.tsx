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
import { useFetchClient } from '@strapi/strapi/admin';
import { Fragment, useCallback, useEffect, useId, useState } from 'react';
import { useIntl } from 'react-intl';
import type { ProviderId } from '../constants';
import { PLUGIN_ID } from '../pluginId';
import { getTranslation } from '../utils/getTranslation';

export type RunStatus = 'running' | 'done' | 'partial' | 'failed';
export interface SyncRunView {
  id: number;
  provider: ProviderId;
  kind: string;
  trigger: string;
  startedBy: string | null;
  status: RunStatus;
  total: number | null;
  processed: number | null;
  counts: Record<string, number> | null;
  failures: Array<{ entity: string; ref: string; reason: string }> | null;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

const STATUSES: RunStatus[] = ['running', 'done', 'partial', 'failed'];
const ALL = 'all';

export const formatDuration = (ms: number | null): string => {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
};

/** Only the counts that say something: a run's zero counters would push the status out of view. */
const formatCounts = (counts: SyncRunView['counts']): string => {
  const shown = Object.entries(counts ?? {}).filter(([, value]) => value !== 0);
  return shown.length ? shown.map(([key, value]) => `${key}: ${value}`).join(', ') : '—';
};

/** The runs of one provider, newest first: a text status badge on every row, failed items behind a toggle. */
export const SyncHistory = ({ provider, refreshKey = 0 }: { provider: ProviderId; refreshKey?: number }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get } = useFetchClient();
  const [status, setStatus] = useState<string>(ALL);
  const [runs, setRuns] = useState<SyncRunView[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const headingId = useId();

  const load = useCallback(async () => {
    const query = new URLSearchParams({ provider, limit: '50' });
    if (status !== ALL) query.set('status', status);
    const res = await get<{ data: SyncRunView[] }>(`/${PLUGIN_ID}/sync-runs?${query.toString()}`);
    setRuns(res.data.data);
    setFailed(false);
  }, [get, provider, status]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the caller's signal to reload
  useEffect(() => {
    load().catch(() => setFailed(true));
  }, [load, refreshKey]);

  const toggle = (id: number) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };

  const statusLabel = (s: RunStatus) => t(`run.status.${s}`, s);

  return (
    <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius tag="section" aria-labelledby={headingId}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="flex-end" gap={4}>
          <Typography variant="delta" tag="h2" id={headingId}>
            {t('history.title', 'Sync history')}
          </Typography>
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
        </Flex>
        {failed ? (
          <Typography textColor="danger600">
            {t('history.loadError', 'The sync history could not be loaded. Reload the page to try again.')}
          </Typography>
        ) : null}
        {runs && runs.length === 0 ? (
          <Typography textColor="neutral600">{t('history.empty', 'No runs yet.')}</Typography>
        ) : null}
        {runs && runs.length > 0 ? (
          <Table colCount={8} rowCount={runs.length + 1} aria-label={t('history.title', 'Sync history')}>
            <Thead>
              <Tr>
                <Th>{t('history.time', 'Started')}</Th>
                <Th>{t('history.trigger', 'Trigger')}</Th>
                <Th>{t('history.kind', 'Kind')}</Th>
                <Th>{t('history.counts', 'Counts')}</Th>
                <Th>{t('history.status', 'Status')}</Th>
                <Th>{t('history.duration', 'Duration')}</Th>
                <Th>{t('history.message', 'Message')}</Th>
                <Th>{t('history.failures', 'Failed items')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {runs.map((run) => {
                const failures = run.failures ?? [];
                const expanded = open.has(run.id);
                return (
                  <Fragment key={run.id}>
                    <Tr>
                      <Td>
                        <Typography variant="pi">{new Date(run.startedAt).toLocaleString()}</Typography>
                      </Td>
                      <Td>
                        <Typography variant="pi">
                          {t(`trigger.${run.trigger}`, run.trigger)}
                          {run.startedBy && run.startedBy !== run.trigger ? ` (${run.startedBy})` : ''}
                        </Typography>
                      </Td>
                      <Td>
                        <Typography variant="pi">{run.kind}</Typography>
                      </Td>
                      <Td>
                        <Typography variant="pi">{formatCounts(run.counts)}</Typography>
                      </Td>
                      <Td>
                        <Badge active={run.status === 'done'}>{statusLabel(run.status)}</Badge>
                      </Td>
                      <Td>
                        <Typography variant="pi">{formatDuration(run.durationMs)}</Typography>
                      </Td>
                      <Td>
                        <Typography variant="pi">{run.message ?? ''}</Typography>
                      </Td>
                      <Td>
                        {failures.length ? (
                          <Button
                            variant="tertiary"
                            size="S"
                            aria-expanded={expanded}
                            aria-controls={`run-${run.id}-failures`}
                            onClick={() => toggle(run.id)}
                          >
                            {expanded
                              ? t('history.hideFailures', 'Hide {count} failed', { count: failures.length })
                              : t('history.showFailures', 'Show {count} failed', { count: failures.length })}
                          </Button>
                        ) : (
                          <Typography textColor="neutral600">{t('history.noFailures', 'None')}</Typography>
                        )}
                      </Td>
                    </Tr>
                    {expanded ? (
                      <Tr id={`run-${run.id}-failures`}>
                        <Td colSpan={8}>
                          <ul>
                            {failures.map((f) => (
                              <li key={`${f.entity}:${f.ref}`}>
                                <Typography variant="pi">
                                  {t('history.failure', '{entity} {ref}: {reason}', {
                                    entity: f.entity,
                                    ref: f.ref,
                                    reason: f.reason,
                                  })}
                                </Typography>
                              </li>
                            ))}
                          </ul>
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

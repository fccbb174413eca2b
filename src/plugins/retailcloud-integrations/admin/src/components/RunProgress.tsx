import { Alert, Button, Flex, ProgressBar, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import type { RunStarted, SyncRunView } from '../../../contracts/sync-runs';
import { PLUGIN_ID } from '../pluginId';
import { errorMessage } from '../utils/errorMessage';
import { getTranslation } from '../utils/getTranslation';
import { plainReason } from '../utils/runWords';

/** How often the page reads the run while it goes on (and while it waits for its budget to renew). */
const RUNNING_POLL_MS = 2_000;
const WAITING_POLL_MS = 30_000;

/** The connection's calls today against its call budget (GET …/run, meta.calls). */
interface CallsToday {
  usedToday: number;
  perDay: number | null;
  dailyReserve: number;
}

const going = (run: SyncRunView | null) => run?.status === 'running' || run?.status === 'waiting';

/**
 * The accounting page's background run (posting or reconciliation started from the admin): progress with the
 * store-days done of the total and when it should finish, refreshed on its own; Cancel while it runs; Resume when it
 * was cancelled or paused for the call budget; its outcome once it has finished. The run is carried by the server
 * (another server takes it over if this one stops), so closing or reloading the page loses nothing.
 */
export const RunProgress = ({
  provider,
  connectionId,
  startedRunId = null,
  onFinished,
}: {
  provider: string;
  /** the ledger the page looks at, when the provider has several */
  connectionId?: number;
  /** the run the page has just started (202): followed at once, its outcome shown even if it ended already */
  startedRunId?: number | null;
  /** called when a run this page followed has ended (reload the posted days and the history) */
  onFinished?: () => void;
}) => {
  const { formatMessage, formatNumber, formatTime, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [run, setRun] = useState<SyncRunView | null>(null);
  const [calls, setCalls] = useState<CallsToday | null>(null);
  const [acting, setActing] = useState(false);
  const [dismissed, setDismissed] = useState<number | null>(null);
  /** a run this page followed until it ended: its outcome is shown */
  const [ended, setEnded] = useState<number | null>(null);
  /** the run this page saw going on: its end is announced (and onFinished called) once */
  const followed = useRef<number | null>(null);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

  const load = useCallback(async () => {
    const res = await get<{ data: SyncRunView | null; meta?: { calls?: CallsToday | null } }>(
      `/${PLUGIN_ID}/accounting/${provider}/run${connectionId ? `?connection=${connectionId}` : ''}`
    );
    const next = res.data.data;
    setRun(next);
    setCalls(res.data.meta?.calls ?? null);
    if (going(next)) followed.current = next?.id ?? null;
    else if (next && followed.current === next.id) {
      followed.current = null;
      setEnded(next.id);
      finishedRef.current?.();
    }
    return next;
  }, [get, provider, connectionId]);

  useEffect(() => {
    if (startedRunId !== null) followed.current = startedRunId;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      let delay: number | null;
      try {
        const next = await load();
        delay = going(next) ? (next?.status === 'waiting' ? WAITING_POLL_MS : RUNNING_POLL_MS) : null;
      } catch {
        // a failed read is tried again; the run goes on on the server regardless
        delay = RUNNING_POLL_MS;
      }
      if (!stopped && delay !== null) timer = setTimeout(tick, delay);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [load, startedRunId]);

  const act = async (action: 'cancel' | 'resume') => {
    if (!run) return;
    setActing(true);
    try {
      const res = await post<{ data: RunStarted }>(`/${PLUGIN_ID}/sync-runs/${run.id}/${action}`, {});
      toggleNotification({ type: 'info', message: res.data.data.message });
      followed.current = run.id;
      const next = await load();
      if (going(next)) setTimeout(() => void load().catch(() => undefined), RUNNING_POLL_MS);
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setActing(false);
    }
  };

  if (!run || dismissed === run.id) return null;
  const total = run.total ?? 0;
  const processed = run.processed ?? 0;
  const percent = total > 0 ? Math.min(100, Math.floor((processed / total) * 100)) : 0;
  const unit =
    run.kind === 'reconciliation' ? t('run.unit.reconcile', 'posted store-days') : t('run.unit.post', 'store-days');
  const what =
    run.kind === 'reconciliation'
      ? t('run.progress.reconcile', 'Comparing the ledger with CAS')
      : t('run.progress.post', 'Posting to the ledger');
  const when = (iso: string) => {
    const at = new Date(iso);
    const sameDay = at.toDateString() === new Date().toDateString();
    return sameDay
      ? formatTime(at, { hour: '2-digit', minute: '2-digit' })
      : `${formatDate(at, { day: 'numeric', month: 'short' })} ${formatTime(at, { hour: '2-digit', minute: '2-digit' })}`;
  };
  const counted = t('run.progress.counted', '{processed} of {total} {unit} ({percent}%)', {
    processed: formatNumber(processed),
    total: formatNumber(total),
    unit,
    percent,
  });

  // "Calls today: 1,204 of 4,000 (500 kept for the daily transfer)"
  const callsLine =
    calls && calls.perDay !== null ? (
      <Typography variant="pi" textColor="neutral600">
        {calls.dailyReserve > 0
          ? t('run.calls.reserve', 'Calls today: {used} of {budget} ({reserve} kept for the daily transfer)', {
              used: formatNumber(calls.usedToday),
              budget: formatNumber(calls.perDay),
              reserve: formatNumber(calls.dailyReserve),
            })
          : t('run.calls', 'Calls today: {used} of {budget}', {
              used: formatNumber(calls.usedToday),
              budget: formatNumber(calls.perDay),
            })}
      </Typography>
    ) : null;

  if (run.status === 'running') {
    return (
      <Flex direction="column" alignItems="stretch" gap={2} tag="section" aria-label={what}>
        <Typography fontWeight="bold">
          {t('run.progress.started', '{what}, started by {who}', { what, who: run.startedBy ?? '' })}
        </Typography>
        {/* the design system's bar draws the value but does not expose it: aria-valuenow says it */}
        <ProgressBar value={percent} aria-valuenow={percent} aria-valuetext={`${percent}%`} aria-label={what} />
        <Typography aria-live="polite">
          {counted}
          {run.etaAt
            ? ` — ${t('run.progress.eta', 'should finish about {time}', { time: when(run.etaAt) })}`
            : ` — ${t('run.progress.measuring', 'working out how long it will take…')}`}
        </Typography>
        {callsLine}
        {run.cancelRequested ? (
          <Typography textColor="neutral600">
            {t('run.progress.cancelling', 'Cancelling: it stops after the store-day it is posting now.')}
          </Typography>
        ) : (
          <Flex gap={2}>
            <Button variant="danger-light" onClick={() => act('cancel')} loading={acting}>
              {t('run.cancel', 'Cancel')}
            </Button>
            <Typography variant="pi" textColor="neutral600">
              {t(
                'run.progress.leave',
                'You can leave this page: the run goes on on the server, and Resume continues a cancelled run.'
              )}
            </Typography>
          </Flex>
        )}
      </Flex>
    );
  }

  if (run.status === 'waiting' || run.status === 'cancelled') {
    return (
      <Alert
        variant={run.status === 'waiting' ? 'default' : 'warning'}
        title={
          run.status === 'waiting'
            ? t('run.waiting.title', 'Paused until the daily call budget renews')
            : t('run.cancelled.title', 'Run cancelled')
        }
        closeLabel={t('close', 'Close')}
        onClose={() => setDismissed(run.id)}
        action={
          <Flex gap={2}>
            <Button variant="secondary" onClick={() => act('resume')} loading={acting}>
              {run.status === 'waiting' ? t('run.resumeNow', 'Try now') : t('run.resume', 'Resume')}
            </Button>
            {run.status === 'waiting' ? (
              <Button variant="danger-light" onClick={() => act('cancel')} disabled={acting}>
                {t('run.cancel', 'Cancel')}
              </Button>
            ) : null}
          </Flex>
        }
      >
        {run.message ? plainReason(t, run, run.message).words : counted}
        {run.status === 'waiting' ? callsLine : null}
      </Alert>
    );
  }

  // ended while this page followed it: its outcome, until dismissed
  if (ended !== run.id) return null;
  return (
    <Alert
      variant={run.status === 'done' ? 'success' : run.status === 'partial' ? 'warning' : 'danger'}
      title={t(`run.${run.status}`, run.status)}
      closeLabel={t('close', 'Close')}
      onClose={() => setDismissed(run.id)}
    >
      {run.message ? plainReason(t, run, run.message).words : ''}
    </Alert>
  );
};

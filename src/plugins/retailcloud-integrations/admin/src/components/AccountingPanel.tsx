import { Alert, Box, Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { LedgerChart, LedgerMappingChoice, MappingReviewView, PostingDay } from '../../../contracts/accounting';
import type { RunStarted } from '../../../contracts/sync-runs';
import { PLUGIN_ID } from '../pluginId';
import { errorMessage } from '../utils/errorMessage';
import { getTranslation } from '../utils/getTranslation';
import { AccountMapping } from './AccountMapping';
import { dayToDate } from './DayField';
import { PostedDays } from './PostedDays';
import { PostedTotalsChart } from './PostedTotalsChart';
import { PostingForm } from './PostingForm';
import { PostingModeSetting } from './PostingModeSetting';
import { PostingPreview, type PreviewAnswer } from './PostingPreview';
import { RunProgress } from './RunProgress';

/** a provider whose module posts to a ledger (its page shows the 'accounting' panel) */
type AccountingProvider = string;
type Chart = LedgerChart;
type Mapping = LedgerMappingChoice;

const PROVIDER_NAMES: Record<string, string> = { xero: 'Xero', quickbooks: 'QuickBooks' };

/** A request of the panel, naming the ledger it looks at (several ledgers: `?connection=`). */
const withLedger = (path: string, connectionId?: number) =>
  connectionId ? `${path}${path.includes('?') ? '&' : '?'}connection=${connectionId}` : path;

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

export const AccountingPanel = ({
  provider,
  onPosted,
  refreshKey = 0,
  connectionId,
}: {
  provider: AccountingProvider;
  /** the ledger (connection) the panel looks at, when the provider has several: every request names it */
  connectionId?: number;
  /** Called after a posting run, so the page can refresh its sync history. */
  onPosted?: () => void;
  /** The page's signal that postings changed elsewhere (a retry from the sync history): reload the posted days. */
  refreshKey?: number;
}) => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [chart, setChart] = useState<Chart | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [review, setReview] = useState<MappingReviewView | null>(null);
  const [from, setFrom] = useState(yesterday());
  const [to, setTo] = useState(yesterday());
  const [store, setStore] = useState('');
  const [days, setDays] = useState<PostingDay[]>([]);
  const [startedRun, setStartedRun] = useState<number | null>(null);
  const [preview, setPreview] = useState<PreviewAnswer | null>(null);
  const [busy, setBusy] = useState(false);

  const base = `/${PLUGIN_ID}/accounting/${provider}`;
  const q = (path: string) => withLedger(path, connectionId);

  const load = useCallback(async () => {
    const [chartRes, mappingRes, daysRes, usageRes] = await Promise.all([
      get<{ data: Chart }>(withLedger(`${base}/chart`, connectionId)),
      get<{ data: { mapping: Mapping } | null }>(withLedger(`${base}/mapping`, connectionId)),
      get<{ data: PostingDay[] }>(withLedger(`${base}/days`, connectionId)),
      get<{ data: MappingReviewView }>(withLedger(`${base}/usage`, connectionId)),
    ]);
    setChart(chartRes.data.data);
    setMapping(mappingRes.data.data?.mapping ?? null);
    setReview(usageRes.data.data);
    setDays(daysRes.data.data);
  }, [get, base, connectionId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the caller's signal to reload
  useEffect(() => {
    load().catch((e) => toggleNotification({ type: 'danger', message: errorMessage(e) }));
  }, [load, toggleNotification, refreshKey]);

  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  if (!chart) return <Typography>{t('accounting.loading', 'Loading the chart of accounts…')}</Typography>;

  const providerName = PROVIDER_NAMES[provider] ?? provider;
  // Post now waits for the chosen store's accounts (or, for every store, for one store that can post)
  const general = review?.general ?? [];
  const chosen = review?.stores.find((s) => s.code === store);
  // the days first: a range that ends before it starts is the merchant's to fix here, before any request
  const daysWrong =
    from && to && from > to
      ? [
          t('post.daysOrder', 'The first day ({from}) is after the last day ({to}): pick days in order.', {
            from: formatDate(dayToDate(from), { dateStyle: 'medium' }),
            to: formatDate(dayToDate(to), { dateStyle: 'medium' }),
          }),
        ]
      : [];
  const blocked: string[] = daysWrong.length
    ? daysWrong
    : !review
      ? []
      : !mapping
        ? [t('post.saveFirst', 'Choose and save the accounts first (step 2).')]
        : general.length
          ? general
          : store
            ? chosen && !chosen.ready
              ? chosen.problems
              : []
            : review.stores.some((s) => s.ready)
              ? []
              : [t('post.noStoreReady', 'No store can be posted yet: see the stores above.')];
  const heldStores = !store && !general.length ? (review?.stores.filter((s) => !s.ready) ?? []) : [];

  const runPreview = () =>
    act(async () => {
      const res = await get<{ data: PreviewAnswer }>(
        q(`${base}/preview?store=${encodeURIComponent(store)}&day=${from}`)
      );
      setPreview(res.data.data);
    });

  const postNow = () =>
    act(async () => {
      // 202: the run goes on in the background; RunProgress follows it
      const res = await post<{ data: RunStarted }>(q(`${base}/post`), { from, to, ...(store ? { store } : {}) });
      setStartedRun(res.data.data.runId);
      onPosted?.();
    });

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <AccountMapping
        provider={provider}
        connectionId={connectionId}
        providerName={providerName}
        chart={chart}
        saved={mapping}
        review={review}
        onSaved={(saved, checked) => {
          setMapping(saved);
          setReview(checked);
        }}
      />
      {provider === 'quickbooks' ? (
        <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
          <PostingModeSetting mappingUrl={q(`${base}/mapping`)} taxCodes={chart.taxCodes} onSaved={load} />
        </Box>
      ) : null}

      <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h2">
            {t('step.post', '3. Preview and post')}
          </Typography>
          <RunProgress
            provider={provider}
            connectionId={connectionId}
            startedRunId={startedRun}
            onFinished={() => void load().then(onPosted)}
          />
          <Flex gap={4} alignItems="flex-end" wrap="wrap">
            <PostingForm
              from={from}
              to={to}
              store={store}
              stores={review?.stores ?? []}
              onFrom={setFrom}
              onTo={setTo}
              onStore={setStore}
            />
            <Button variant="secondary" onClick={runPreview} disabled={!store || busy}>
              {t('post.preview', 'Preview the first day')}
            </Button>
            <Button onClick={postNow} loading={busy} disabled={blocked.length > 0}>
              {t('post.now', 'Post now')}
            </Button>
          </Flex>
          {blocked.length ? (
            <Alert
              variant="warning"
              title={
                daysWrong.length
                  ? t('post.daysTitle', 'Check the days')
                  : store
                    ? t('post.blockedStore', '{store} cannot be posted yet', { store })
                    : t('post.blocked', 'Nothing can be posted yet')
              }
              closeLabel=""
            >
              <Box tag="ul" paddingLeft={4}>
                {blocked.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </Box>
            </Alert>
          ) : heldStores.length ? (
            <Typography variant="pi" textColor="neutral600">
              {t(
                'post.someHeld',
                'Every store is posted except {stores}, whose days are held until their accounts are complete.',
                {
                  stores: heldStores.map((s) => s.code).join(', '),
                }
              )}
            </Typography>
          ) : null}
          {preview ? <PostingPreview preview={preview} accounts={chart.accounts} taxCodes={chart.taxCodes} /> : null}
        </Flex>
      </Box>

      <PostedTotalsChart rows={days} />

      <PostedDays days={days} providerName={providerName} />
    </Flex>
  );
};

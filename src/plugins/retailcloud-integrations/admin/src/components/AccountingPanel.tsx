import {
  Alert,
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type {
  ChartAccountOption,
  LedgerChart,
  LedgerMappingChoice,
  PostingDay,
  PostRangeResult,
} from '../../../contracts/accounting';
import { PLUGIN_ID } from '../pluginId';
import { errorMessage } from '../utils/errorMessage';
import { getTranslation } from '../utils/getTranslation';
import { DataTable } from './DataTable';
import { PostedTotalsChart } from './PostedTotalsChart';
import { PostingModeSetting } from './PostingModeSetting';
import { StoreDayRange } from './StoreDayRange';

/** a provider whose module posts to a ledger (its page shows the 'accounting' panel) */
type AccountingProvider = string;
type ChartAccount = ChartAccountOption;
type Chart = LedgerChart;
type Mapping = LedgerMappingChoice;

/** A posting's status in words (the default text of `posting.<status>`); never the stored key. */
const POSTING_STATUS_WORDS: Record<PostingDay['status'], string> = {
  pending: 'Pending',
  posted: 'Posted',
  failed: 'Failed',
  held: 'Held',
  not_sent: 'Not sent (enter by hand)',
};

const ACCOUNT_FIELDS = [
  ['salesAccount', 'Sales account'],
  ['returnsAccount', 'Returns account'],
  ['cogsAccount', 'Cost of goods sold'],
  ['inventoryAccount', 'Inventory asset'],
  ['salesTaxAccount', 'Sales tax liability'],
  ['roundingAccount', 'Rounding'],
] as const;
const METHODS = ['cash', 'card', 'other', 'default'] as const;

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
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get, put, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [chart, setChart] = useState<Chart | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [rateRows, setRateRows] = useState<Array<{ key: number; rate: string; code: string }>>([]);
  const [from, setFrom] = useState(yesterday());
  const [to, setTo] = useState(yesterday());
  const [store, setStore] = useState('');
  const [days, setDays] = useState<PostingDay[]>([]);
  const [result, setResult] = useState<{ status: string; message: string } | null>(null);
  const [preview, setPreview] = useState<{
    note: string;
    documents: Array<{ kind: string; reference: string }>;
  } | null>(null);
  const [busy, setBusy] = useState(false);

  const base = `/${PLUGIN_ID}/accounting/${provider}`;
  const q = (path: string) => withLedger(path, connectionId);

  const load = useCallback(async () => {
    const [chartRes, mappingRes, daysRes] = await Promise.all([
      get<{ data: Chart }>(withLedger(`${base}/chart`, connectionId)),
      get<{ data: { mapping: Mapping; problems: string[] | null } | null }>(
        withLedger(`${base}/mapping`, connectionId)
      ),
      get<{ data: PostingDay[] }>(withLedger(`${base}/days`, connectionId)),
    ]);
    setChart(chartRes.data.data);
    const saved = mappingRes.data.data;
    if (saved) {
      setMapping(saved.mapping);
      setProblems(saved.problems ?? []);
      setRateRows(Object.entries(saved.mapping.taxRates ?? {}).map(([rate, code], key) => ({ key, rate, code })));
    }
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

  const accountLabel = (a: ChartAccount) => `${a.code ? `${a.code} · ` : ''}${a.name}`;
  // The accounts that fit a field come first; every other active account follows, because a ledger's own
  // conventions (Xero's system "Rounding" account is a liability) may not match the suggestion.
  const options = (field: string) => {
    const suggested = (chart.suggestions[field] as ChartAccount[] | undefined) ?? [];
    const seen = new Set(suggested.map((a) => a.value));
    return [...suggested, ...chart.accounts.filter((a) => a.active && !seen.has(a.value))];
  };

  const save = () =>
    act(async () => {
      const taxRates = Object.fromEntries(rateRows.filter((r) => r.rate && r.code).map((r) => [r.rate, r.code]));
      const res = await put<{ meta: { problems: string[] } }>(q(`${base}/mapping`), {
        mapping: { ...mapping, taxRates },
      });
      setProblems(res.data.meta.problems);
      toggleNotification({
        type: res.data.meta.problems.length ? 'warning' : 'success',
        message: res.data.meta.problems.length
          ? t('accounting.savedWithProblems', 'Saved, but {count} problem(s) must be fixed before posting.', {
              count: res.data.meta.problems.length,
            })
          : t('accounting.saved', 'Accounts saved and checked against the live chart.'),
      });
    });

  const runPreview = () =>
    act(async () => {
      const res = await get<{ data: { note: string; documents: Array<{ kind: string; reference: string }> } }>(
        q(`${base}/preview?store=${encodeURIComponent(store)}&day=${from}`)
      );
      setPreview(res.data.data);
    });

  const postNow = () =>
    act(async () => {
      const res = await post<{ data: PostRangeResult }>(q(`${base}/post`), {
        from,
        to,
        ...(store ? { store } : {}),
      });
      setResult(res.data.data);
      await load();
      onPosted?.();
    });

  const statusBadge = (status: PostingDay['status']) => (
    <Badge active={status === 'posted'}>{t(`posting.${status}`, POSTING_STATUS_WORDS[status])}</Badge>
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h2">
            {t('step.accounts', '2. Choose the general-ledger accounts')}
          </Typography>
          {problems.length ? (
            <Alert variant="danger" title={t('accounting.problems', 'Fix these before posting')} closeLabel="">
              <ul>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
          <Grid.Root gap={4}>
            {ACCOUNT_FIELDS.map(([field, label]) => (
              <Grid.Item key={field} col={6} s={12}>
                <Field.Root name={field} width="100%">
                  <Field.Label>{t(`mapping.${field}`, label)}</Field.Label>
                  <SingleSelect
                    value={mapping[field] ?? ''}
                    onChange={(v: string | number) => setMapping({ ...mapping, [field]: String(v) })}
                    placeholder={t('mapping.choose', 'Choose an account')}
                  >
                    {options(field).map((a) => (
                      <SingleSelectOption key={a.value} value={a.value}>
                        {accountLabel(a)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Grid.Item>
            ))}
            {METHODS.map((method) => (
              <Grid.Item key={method} col={3} s={6}>
                <Field.Root name={`payment-${method}`} width="100%">
                  <Field.Label>{t(`mapping.payment.${method}`, `Clearing account: ${method}`)}</Field.Label>
                  <SingleSelect
                    value={mapping.paymentAccounts?.[method] ?? ''}
                    onChange={(v: string | number) =>
                      setMapping({ ...mapping, paymentAccounts: { ...mapping.paymentAccounts, [method]: String(v) } })
                    }
                    placeholder={t('mapping.choose', 'Choose an account')}
                  >
                    {options('paymentAccounts').map((a) => (
                      <SingleSelectOption key={a.value} value={a.value}>
                        {accountLabel(a)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Grid.Item>
            ))}
          </Grid.Root>
          {provider === 'quickbooks' ? (
            <PostingModeSetting mappingUrl={q(`${base}/mapping`)} taxCodes={chart.taxCodes} onSaved={load} />
          ) : null}
          {provider === 'xero' ? (
            <Flex direction="column" alignItems="stretch" gap={2}>
              <Typography variant="omega" fontWeight="bold">
                {t('mapping.taxRates', 'Tax rates: CAS rate → Xero tax type')}
              </Typography>
              {rateRows.map((row, index) => (
                <Flex key={row.key} gap={2}>
                  <Field.Root name={`rate-${index}`}>
                    <Field.Label>{t('mapping.casRate', 'CAS rate %')}</Field.Label>
                    <Field.Input
                      value={row.rate}
                      onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                        setRateRows(rateRows.map((r, i) => (i === index ? { ...r, rate: e.target.value } : r)))
                      }
                    />
                  </Field.Root>
                  <Field.Root name={`code-${index}`}>
                    <Field.Label>{t('mapping.taxType', 'Tax type')}</Field.Label>
                    <SingleSelect
                      value={row.code}
                      onChange={(v: string | number) =>
                        setRateRows(rateRows.map((r, i) => (i === index ? { ...r, code: String(v) } : r)))
                      }
                    >
                      {chart.taxCodes.map((c) => (
                        <SingleSelectOption key={c.value} value={c.value}>
                          {`${c.value} · ${c.name}`}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                </Flex>
              ))}
              <Button
                variant="tertiary"
                onClick={() => setRateRows([...rateRows, { key: Date.now(), rate: '', code: '' }])}
              >
                {t('mapping.addRate', 'Add a tax rate')}
              </Button>
            </Flex>
          ) : null}
          <Button onClick={save} loading={busy}>
            {t('mapping.save', 'Save and check accounts')}
          </Button>
        </Flex>
      </Box>

      <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h2">
            {t('step.post', '3. Preview and post')}
          </Typography>
          {result ? (
            <Alert
              variant={result.status === 'done' ? 'success' : result.status === 'partial' ? 'warning' : 'danger'}
              title={t(`run.${result.status}`, result.status)}
              closeLabel={t('close', 'Close')}
              onClose={() => setResult(null)}
            >
              {result.message}
            </Alert>
          ) : null}
          <Flex gap={4} alignItems="flex-end">
            <StoreDayRange
              from={from}
              to={to}
              store={store}
              onFrom={setFrom}
              onTo={setTo}
              onStore={setStore}
              storeHint={t('post.storeHint', 'Empty: every store of this ledger')}
            />
            <Button variant="secondary" onClick={runPreview} disabled={!store || busy}>
              {t('post.preview', 'Preview the first day')}
            </Button>
            <Button onClick={postNow} loading={busy}>
              {t('post.now', 'Post now')}
            </Button>
          </Flex>
          {preview ? (
            <Box>
              <Typography>{preview.note}</Typography>
              <ul>
                {preview.documents.map((d) => (
                  <li key={d.reference}>
                    {d.kind}: {d.reference}
                  </li>
                ))}
              </ul>
            </Box>
          ) : null}
        </Flex>
      </Box>

      <PostedTotalsChart rows={days} />

      <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
        <Typography variant="delta" tag="h2">
          {t('step.results', '4. Posted days')}
        </Typography>
        <DataTable
          headers={[
            t('days.day', 'Business day'),
            t('days.store', 'Store'),
            t('days.document', 'Document'),
            t('days.status', 'Status'),
            t('days.remote', 'Id in the ledger'),
            t('days.reason', 'Reason'),
          ]}
          rows={days.slice(0, 200).map((d) => ({
            key: d.id,
            cells: [
              d.businessDay,
              d.storeCode,
              d.reference,
              statusBadge(d.status),
              d.remoteId ?? '—',
              d.lastError ?? d.amounts?.tax?.note ?? '',
            ],
          }))}
        />
      </Box>
    </Flex>
  );
};

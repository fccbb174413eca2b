import {
  Alert,
  Box,
  Button,
  Field,
  Flex,
  Grid,
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
import { useEffect, useId, useState } from 'react';
import { useIntl } from 'react-intl';
import type {
  OfferableDiscount as Discount,
  PromotionFigures as Figures,
  PromotionReportResponse as Report,
} from '../../../contracts/mailchimp';
import { PLUGIN_ID } from '../pluginId';
import { errorMessage } from '../utils/errorMessage';
import { withFieldLabel } from '../utils/fieldLabel';
import { formatCents } from '../utils/formatCents';
import { getTranslation } from '../utils/getTranslation';
import { DailyChart } from './charts/DailyChart';
import { DayField } from './DayField';

/** Which sales the report sums: every store in one currency ("currency:GBP") or one store ("store:LDN01"). */
type Scope = `currency:${string}` | `store:${string}` | '';

/**
 * The promotion report of one discount code: campaign period against the baseline before it, in one currency (one
 * store, or every store selling in it: never summed across currencies), and Mailchimp's stats. The code is picked from
 * CAS's discounts, those carried by campaigns first.
 */
export const PromotionReport = ({
  open,
  reloadKey,
}: {
  /** a code to show at once (the campaigns' "Promotion report" button); `at` tells a second click from the first */
  open?: { code: string; at: number };
  /** changes after a launch, to refresh which codes campaigns carried */
  reloadKey?: number;
}) => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get } = useFetchClient();
  const [code, setCode] = useState(open?.code ?? '');
  const [discounts, setDiscounts] = useState<Discount[] | null>(null);
  const [scope, setScope] = useState<Scope>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asTable, setAsTable] = useState(false);
  const [busy, setBusy] = useState(false);
  const headingId = useId();

  // every discount CAS has, with the campaigns that carried it (refreshed after a launch: reloadKey)
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey is the signal to read them again
  useEffect(() => {
    let cancelled = false;
    get<{ data: Discount[] }>(`/${PLUGIN_ID}/mailchimp/discounts?all=true`)
      .then((res) => {
        if (!cancelled) setDiscounts(res.data.data);
      })
      .catch((e) => {
        if (!cancelled) setError(errorMessage(e));
      });
    return () => {
      cancelled = true;
    };
  }, [get, reloadKey]);

  const labels = {
    code: t('mailchimp.report.code', 'Discount code'),
    from: t('mailchimp.report.from', 'From'),
    to: t('mailchimp.report.to', 'To'),
    store: t('mailchimp.report.store', 'Stores'),
    currency: t('mailchimp.report.store', 'Stores'),
    timeZone: t('mailchimp.report.timeZone', 'Time zone'),
    query: t('mailchimp.report.period', 'Period'),
  };

  const query = (s: Scope = scope) => {
    const params = new URLSearchParams();
    if (from && to) {
      params.set('from', from);
      params.set('to', to);
    }
    if (s.startsWith('store:')) params.set('store', s.slice(6));
    if (s.startsWith('currency:')) params.set('currency', s.slice(9));
    const q = params.toString();
    return q ? `?${q}` : '';
  };
  const base = (c = code) => `/${PLUGIN_ID}/mailchimp/promotions/${encodeURIComponent(c)}`;

  const load = async (s: Scope = scope, c = code) => {
    setBusy(true);
    setError(null);
    try {
      const res = await get<{ data: Report }>(`${base(c)}${query(s)}`);
      setReport(res.data.data);
    } catch (e) {
      setReport(null);
      setError(withFieldLabel(errorMessage(e), labels));
    } finally {
      setBusy(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once per click of a campaign's report button
  useEffect(() => {
    if (!open) return;
    setCode(open.code);
    load(scope, open.code);
    document.getElementById(headingId)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [open]);

  // The CSV route needs the admin token, so it is fetched and handed to the browser as a file.
  const downloadCsv = async () => {
    try {
      const res = await get<Blob>(`${base()}/csv${query()}`, { responseType: 'blob' });
      const url = URL.createObjectURL(res.data);
      const a = document.createElement('a');
      a.href = url;
      a.download = `promotion-${code}${report ? `-${report.campaign.from}-${report.campaign.to}` : ''}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError(withFieldLabel(errorMessage(e), labels));
    }
  };

  const currency = report?.currency ?? '';
  const money = (cents: number) => formatCents(cents, currency).trim();
  /** axis ticks: whole units, grouped ("£1,200"), the currency once */
  const tick = (cents: number) => formatCents(Math.round(cents / 100) * 100, currency).replace(/\.00$/, '');

  const discountLabel = (d: Discount) =>
    d.campaigns
      ? t('mailchimp.report.codeUsed', '{code} · {name} (in {count, plural, one {# campaign} other {# campaigns}})', {
          code: d.code,
          name: d.name,
          count: d.campaigns,
        })
      : t('mailchimp.report.codeUnused', '{code} · {name} (no campaign yet)', { code: d.code, name: d.name });

  const scopeLabel = (s: Scope, r: Report) => {
    if (s.startsWith('store:')) {
      const st = r.stores.find((x) => x.code === s.slice(6));
      return st ? `${st.name} (${st.currency})` : s.slice(6);
    }
    const cur = s.startsWith('currency:') ? s.slice(9) : (r.currency ?? '');
    const n = r.stores.filter((x) => x.currency === cur).length;
    return t(
      'mailchimp.report.allStoresIn',
      'All {count, plural, one {# store} other {# stores}} selling in {currency}',
      {
        count: n,
        currency: cur,
      }
    );
  };

  const title = t('mailchimp.report.chartTitle', 'Revenue and gross margin per day with code {code}, in {currency}', {
    code: report?.code ?? code,
    currency,
  });

  const chart = (r: Report) => {
    const days = r.campaign.days;
    const baselineAvg = (cents: number) => Math.trunc(cents / Math.max(1, r.baseline.days.length));
    const baseRevenue = baselineAvg(r.baseline.total.revenueCents);
    const baseMargin = baselineAvg(r.baseline.total.grossMarginCents);
    const dayText = (d: (typeof days)[number]) =>
      t('mailchimp.report.bar', '{day}: revenue {revenue}, margin {margin}', {
        day: d.day,
        revenue: money(d.revenueCents),
        margin: money(d.grossMarginCents),
      });
    const description = `${days.map(dayText).join('; ')}. ${t(
      'mailchimp.report.baselineLine',
      'Baseline daily average: revenue {revenue}, margin {margin}',
      { revenue: money(baseRevenue), margin: money(baseMargin) }
    )}`;
    return (
      <DailyChart
        data={days.map((d) => ({ day: d.day, revenue: d.revenueCents, margin: d.grossMarginCents }))}
        xKey="day"
        series={[
          { key: 'revenue', label: t('mailchimp.report.revenue', 'Revenue'), color: '#4945ff' },
          { key: 'margin', label: t('mailchimp.report.margin', 'Gross margin'), color: '#328048', dashed: true },
        ]}
        references={[
          {
            value: baseRevenue,
            label: t('mailchimp.report.baselineRevenueLegend', 'Baseline: average revenue per day ({amount})', {
              amount: money(baseRevenue),
            }),
            color: '#d02b20',
          },
        ]}
        formatValue={money}
        formatTick={tick}
        title={title}
        description={description}
        locale={locale}
      />
    );
  };

  const figureCells = (f: Figures) => (
    <>
      <Td>{f.transactions}</Td>
      <Td>{f.units}</Td>
      <Td>{money(f.revenueCents)}</Td>
      <Td>{money(f.discountCents)}</Td>
      <Td>{money(f.costCents)}</Td>
      <Td>{money(f.grossMarginCents)}</Td>
      <Td>{f.marginPercent === null ? '—' : `${f.marginPercent}%`}</Td>
    </>
  );
  const figureHeads = (
    <>
      <Th>{t('mailchimp.report.transactions', 'Transactions')}</Th>
      <Th>{t('mailchimp.report.units', 'Units')}</Th>
      <Th>{t('mailchimp.report.revenue', 'Revenue')}</Th>
      <Th>{t('mailchimp.report.discount', 'Discount given')}</Th>
      <Th>{t('mailchimp.report.cost', 'Cost')}</Th>
      <Th>{t('mailchimp.report.margin', 'Gross margin')}</Th>
      <Th>{t('mailchimp.report.marginPercent', 'Margin %')}</Th>
    </>
  );

  return (
    <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius tag="section" aria-labelledby={headingId}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2" id={headingId}>
          {t('mailchimp.report.title', '6. Promotion report')}
        </Typography>
        <Grid.Root gap={4}>
          <Grid.Item col={5} s={12} alignItems="flex-start">
            <Field.Root
              name="mc-report-code"
              required
              width="100%"
              hint={t(
                'mailchimp.report.codeHint',
                'Your discounts; those carried by a campaign come first, with how many campaigns carried them.'
              )}
            >
              <Field.Label>{labels.code}</Field.Label>
              <SingleSelect
                value={code}
                onChange={(v: string | number) => {
                  setCode(String(v));
                  setReport(null);
                }}
                placeholder={
                  discounts && discounts.length === 0
                    ? t('mailchimp.report.noDiscounts', 'No discount in CAS yet')
                    : t('mailchimp.campaign.chooseDiscount', 'Choose a discount code')
                }
                disabled={!discounts || discounts.length === 0}
              >
                {(discounts ?? []).map((d) => (
                  <SingleSelectOption key={d.code} value={d.code}>
                    {discountLabel(d)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={2} s={6} alignItems="flex-start">
            <DayField
              name="mc-report-from"
              label={labels.from}
              value={from}
              onChange={setFrom}
              hint={t('mailchimp.report.periodHint', 'Empty: the campaign period')}
              fullWidth
            />
          </Grid.Item>
          <Grid.Item col={2} s={6} alignItems="flex-start">
            <DayField name="mc-report-to" label={labels.to} value={to} onChange={setTo} fullWidth />
          </Grid.Item>
          <Grid.Item col={3} s={12} alignItems="flex-start">
            <Flex gap={2} paddingTop={6}>
              <Button onClick={() => load()} loading={busy} disabled={!code || !!from !== !!to}>
                {t('mailchimp.report.show', 'Show report')}
              </Button>
              <Button variant="secondary" onClick={downloadCsv} disabled={!code || !!from !== !!to}>
                {t('mailchimp.report.csv', 'Download CSV')}
              </Button>
            </Flex>
          </Grid.Item>
        </Grid.Root>
        {!!from !== !!to ? (
          <Typography variant="pi" textColor="danger600">
            {t('mailchimp.report.bothDates', 'Give both dates, or neither for the campaign period.')}
          </Typography>
        ) : null}
        {error ? (
          <Alert
            variant="danger"
            title={t('mailchimp.report.failed', 'The report could not be made')}
            closeLabel={t('close', 'Close')}
            onClose={() => setError(null)}
          >
            {error}
          </Alert>
        ) : null}
        {report ? (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography>
              {t(
                'mailchimp.report.periods',
                'Campaign {from} to {to} against the baseline {baseFrom} to {baseTo} ({zone}).',
                {
                  from: report.campaign.from,
                  to: report.campaign.to,
                  baseFrom: report.baseline.from,
                  baseTo: report.baseline.to,
                  zone: report.timeZone,
                }
              )}
            </Typography>
            {report.stores.length > 1 ? (
              <Box maxWidth="480px">
                <Field.Root
                  name="mc-report-scope"
                  hint={t(
                    'mailchimp.report.scopeHint',
                    'Amounts in different currencies are never added together: pick one currency or one store.'
                  )}
                >
                  <Field.Label>{labels.store}</Field.Label>
                  <SingleSelect
                    value={scope || (report.store ? `store:${report.store}` : `currency:${report.currency ?? ''}`)}
                    onChange={(v: string | number) => {
                      const next = String(v) as Scope;
                      setScope(next);
                      load(next);
                    }}
                  >
                    {report.currencies.map((c) => (
                      <SingleSelectOption key={`currency:${c}`} value={`currency:${c}`}>
                        {scopeLabel(`currency:${c}`, report)}
                      </SingleSelectOption>
                    ))}
                    {report.stores.map((st) => (
                      <SingleSelectOption key={`store:${st.code}`} value={`store:${st.code}`}>
                        {scopeLabel(`store:${st.code}`, report)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Hint />
                </Field.Root>
              </Box>
            ) : null}
            {report.usesLimit ? (
              <Typography>
                {t('mailchimp.report.usesLimit', 'Uses of the code: {text}', { text: report.usesLimit.text })}
              </Typography>
            ) : null}
            <Table colCount={8} rowCount={3} aria-label={t('mailchimp.report.totals', 'Totals')}>
              <Thead>
                <Tr>
                  <Th>{t('mailchimp.report.period', 'Period')}</Th>
                  {figureHeads}
                </Tr>
              </Thead>
              <Tbody>
                <Tr>
                  <Td>{t('mailchimp.report.campaignTotal', 'Campaign (code {code})', { code: report.code })}</Td>
                  {figureCells(report.campaign.total)}
                </Tr>
                <Tr>
                  <Td>{t('mailchimp.report.baselineTotal', 'Baseline (code {code})', { code: report.code })}</Td>
                  {figureCells(report.baseline.total)}
                </Tr>
                <Tr>
                  <Td>{t('mailchimp.report.allSales', 'All sales in the campaign period')}</Td>
                  {figureCells(report.campaign.allSales)}
                </Tr>
              </Tbody>
            </Table>

            <Flex justifyContent="space-between">
              <Typography variant="epsilon" tag="h3">
                {t('mailchimp.report.perDay', 'Per day')}
              </Typography>
              <Button variant="tertiary" onClick={() => setAsTable(!asTable)}>
                {asTable
                  ? t('mailchimp.report.showChart', 'Show as chart')
                  : t('mailchimp.report.showTable', 'Show as table')}
              </Button>
            </Flex>
            {asTable ? (
              <Table colCount={8} rowCount={report.campaign.days.length + 1} aria-label={title}>
                <Thead>
                  <Tr>
                    <Th>{t('mailchimp.report.day', 'Day')}</Th>
                    {figureHeads}
                  </Tr>
                </Thead>
                <Tbody>
                  {report.campaign.days.map((d) => (
                    <Tr key={d.day}>
                      <Td>{d.day}</Td>
                      {figureCells(d)}
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            ) : (
              chart(report)
            )}

            <Typography variant="epsilon" tag="h3">
              {t('mailchimp.report.engagement', 'Email engagement (Mailchimp)')}
            </Typography>
            {report.mailchimp.length === 0 ? (
              <Typography textColor="neutral600">
                {t('mailchimp.report.noCampaigns', 'No campaign carries this code.')}
              </Typography>
            ) : (
              <Table colCount={6} rowCount={report.mailchimp.length + 1}>
                <Thead>
                  <Tr>
                    <Th>{t('mailchimp.report.campaign', 'Campaign')}</Th>
                    <Th>{t('mailchimp.report.sent', 'Emails sent')}</Th>
                    <Th>{t('mailchimp.report.opens', 'Opens (unique)')}</Th>
                    <Th>{t('mailchimp.report.clicks', 'Clicks (unique)')}</Th>
                    <Th>{t('mailchimp.report.unsubscribes', 'Unsubscribes')}</Th>
                    <Th>{t('mailchimp.report.note', 'Note')}</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {report.mailchimp.map((c, i) => (
                    <Tr key={c.mailchimpId ?? `row-${i}`}>
                      <Td>{c.title ?? '—'}</Td>
                      {'unavailable' in c ? (
                        <>
                          <Td>—</Td>
                          <Td>—</Td>
                          <Td>—</Td>
                          <Td>—</Td>
                          <Td>
                            {t('mailchimp.report.unavailable', 'Report unavailable: {reason}', {
                              reason: c.unavailable,
                            })}
                          </Td>
                        </>
                      ) : (
                        <>
                          <Td>{c.emailsSent}</Td>
                          <Td>{`${c.opens} (${c.uniqueOpens})`}</Td>
                          <Td>{`${c.clicks} (${c.uniqueClicks})`}</Td>
                          <Td>{c.unsubscribed}</Td>
                          <Td>{''}</Td>
                        </>
                      )}
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </Flex>
        ) : null}
      </Flex>
    </Box>
  );
};

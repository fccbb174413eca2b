import { Box, Button, Field, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useEffect, useId, useState } from 'react';
import { useIntl } from 'react-intl';
import type { PromotionFigures as Figures, PromotionReportResponse as Report } from '../../../contracts/mailchimp';
import { PLUGIN_ID } from '../pluginId';
import { errorMessage } from '../utils/errorMessage';
import { getTranslation } from '../utils/getTranslation';
import { formatCents } from './DailySalesReport';

const money = (cents: number) => formatCents(cents, '').trim();

const WIDTH = 640;
const HEIGHT = 180;
const AXIS = 24;

/** The promotion report of one discount code: campaign period against the baseline before it, and Mailchimp's stats. */
export const PromotionReport = ({ initialCode, codes }: { initialCode?: string; codes: string[] }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [code, setCode] = useState(initialCode ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [report, setReport] = useState<Report | null>(null);
  const [asTable, setAsTable] = useState(false);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const descId = useId();
  const headingId = useId();

  useEffect(() => {
    if (initialCode) setCode(initialCode);
  }, [initialCode]);

  const query = () => {
    const params = new URLSearchParams();
    if (from && to) {
      params.set('from', from);
      params.set('to', to);
    }
    const s = params.toString();
    return s ? `?${s}` : '';
  };
  const base = () => `/${PLUGIN_ID}/mailchimp/promotions/${encodeURIComponent(code.trim())}`;
  const fail = (e: unknown) => {
    toggleNotification({ type: 'danger', message: errorMessage(e) });
  };

  const load = async () => {
    setBusy(true);
    try {
      const res = await get<{ data: Report }>(`${base()}${query()}`);
      setReport(res.data.data);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  // The CSV route needs the admin token, so it is fetched and handed to the browser as a file.
  const downloadCsv = async () => {
    try {
      const res = await get<Blob>(`${base()}/csv${query()}`, { responseType: 'blob' });
      const url = URL.createObjectURL(res.data);
      const a = document.createElement('a');
      a.href = url;
      a.download = `promotion-${code.trim()}${report ? `-${report.campaign.from}-${report.campaign.to}` : ''}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      fail(e);
    }
  };

  const title = t('mailchimp.report.chartTitle', 'Daily revenue and gross margin of code {code} against the baseline', {
    code: report?.code ?? code,
  });

  const chart = (r: Report) => {
    const days = r.campaign.days;
    const baselineAvg = (cents: number) => Math.trunc(cents / Math.max(1, r.baseline.days.length));
    const baseRevenue = baselineAvg(r.baseline.total.revenueCents);
    const baseMargin = baselineAvg(r.baseline.total.grossMarginCents);
    const max = Math.max(1, baseRevenue, ...days.map((d) => Math.max(d.revenueCents, d.grossMarginCents)));
    const y = (cents: number) => HEIGHT - (Math.max(0, cents) / max) * (HEIGHT - 16);
    const slot = (WIDTH - 8) / Math.max(1, days.length);
    const bar = slot * 0.35;
    const dayLabel = (d: (typeof days)[number]) =>
      t('mailchimp.report.bar', '{day}: revenue {revenue}, margin {margin}', {
        day: d.day,
        revenue: money(d.revenueCents),
        margin: money(d.grossMarginCents),
      });
    const desc = `${days.map(dayLabel).join('; ')}. ${t(
      'mailchimp.report.baselineLine',
      'Baseline daily average: revenue {revenue}, margin {margin}',
      { revenue: money(baseRevenue), margin: money(baseMargin) }
    )}`;
    return (
      <svg
        role="img"
        aria-label={title}
        aria-describedby={descId}
        viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`}
        width="100%"
        style={{ maxWidth: WIDTH }}
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{desc}</desc>
        <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} stroke="currentColor" strokeWidth={1} />
        {days.map((d, i) => {
          const x = 4 + i * slot + slot * 0.15;
          return (
            <g key={d.day}>
              <title>{dayLabel(d)}</title>
              <rect x={x} y={y(d.revenueCents)} width={bar} height={HEIGHT - y(d.revenueCents)} fill="#4945ff" />
              <rect
                x={x + bar}
                y={y(d.grossMarginCents)}
                width={bar}
                height={HEIGHT - y(d.grossMarginCents)}
                fill="#91d0a3"
                stroke="#328048"
                strokeDasharray="3 2"
              />
              {days.length <= 31 ? (
                <text x={x + bar} y={HEIGHT + 16} fontSize={10} textAnchor="middle" fill="currentColor">
                  {d.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
        <line
          x1={0}
          x2={WIDTH}
          y1={y(baseRevenue)}
          y2={y(baseRevenue)}
          stroke="#d02b20"
          strokeWidth={2}
          strokeDasharray="8 4"
        />
        <text x={WIDTH - 4} y={y(baseRevenue) - 4} fontSize={10} textAnchor="end" fill="currentColor">
          {t('mailchimp.report.baselineRevenue', 'baseline revenue/day')}
        </text>
      </svg>
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
        <Flex gap={4} alignItems="flex-end" wrap="wrap">
          <Field.Root
            name="mc-report-code"
            required
            hint={
              codes.length
                ? t('mailchimp.report.codesHint', 'Codes of your campaigns: {codes}', { codes: codes.join(', ') })
                : undefined
            }
          >
            <Field.Label>{t('mailchimp.report.code', 'Discount code')}</Field.Label>
            <Field.Input
              value={code}
              maxLength={40}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setCode(e.target.value)}
            />
            <Field.Hint />
          </Field.Root>
          <Field.Root name="mc-report-from" hint={t('mailchimp.report.periodHint', 'Empty: the campaign period')}>
            <Field.Label>{t('mailchimp.report.from', 'From')}</Field.Label>
            <Field.Input
              type="date"
              value={from}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFrom(e.target.value)}
            />
            <Field.Hint />
          </Field.Root>
          <Field.Root name="mc-report-to">
            <Field.Label>{t('mailchimp.report.to', 'To')}</Field.Label>
            <Field.Input
              type="date"
              value={to}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTo(e.target.value)}
            />
          </Field.Root>
          <Button onClick={load} loading={busy} disabled={!code.trim()}>
            {t('mailchimp.report.show', 'Show report')}
          </Button>
          <Button variant="secondary" onClick={downloadCsv} disabled={!code.trim()}>
            {t('mailchimp.report.csv', 'Download CSV')}
          </Button>
        </Flex>
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
              <>
                {chart(report)}
                <Typography variant="pi" textColor="neutral600">
                  {t(
                    'mailchimp.report.legend',
                    'Solid bars: revenue per day; dashed bars: gross margin per day; dashed line: the baseline’s average revenue per day.'
                  )}
                </Typography>
              </>
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

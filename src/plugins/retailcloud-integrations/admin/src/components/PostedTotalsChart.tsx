import {
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
import { useId, useState } from 'react';
import { useIntl } from 'react-intl';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PostingDay } from '../../../contracts/accounting';
import { formatCents } from '../utils/formatCents';
import { getTranslation } from '../utils/getTranslation';

/** A posting row as `GET /accounting/:provider/days` returns it; `amounts` is what the day's documents total. */
export type PostedDayRow = Pick<PostingDay, 'storeCode' | 'businessDay' | 'status' | 'amounts' | 'currency'>;

/** The posted sales total of each store-day, per currency (never added across currencies). */
export interface CurrencyTotals {
  currency: string;
  stores: string[];
  /** one entry per business day, oldest first: the store's total in cents (absent when it posted nothing) */
  days: Array<{ businessDay: string; totals: Record<string, number> }>;
}

/**
 * Posted rows grouped per currency, business day and store. Every document of a store-day carries the same totals
 * (the sales invoice or journal entry total), so each store-day counts once; the latest `maxDays` days are kept.
 */
export const totalsByCurrency = (rows: PostedDayRow[], store = '', maxDays = 14): CurrencyTotals[] => {
  const byCurrency = new Map<string, Map<string, Map<string, number>>>();
  for (const row of rows) {
    if (row.status !== 'posted' || (store && row.storeCode !== store)) continue;
    const total = row.amounts?.invoice?.totalCents ?? row.amounts?.sales?.totalCents;
    if (total === undefined) continue;
    const currency = row.currency ?? '';
    const days = byCurrency.get(currency) ?? new Map<string, Map<string, number>>();
    const day = days.get(row.businessDay) ?? new Map<string, number>();
    day.set(row.storeCode, Math.max(day.get(row.storeCode) ?? 0, total));
    days.set(row.businessDay, day);
    byCurrency.set(currency, days);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, days]) => {
      const kept = [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).slice(-maxDays);
      const stores = [...new Set(kept.flatMap(([, d]) => [...d.keys()]))].sort();
      return {
        currency,
        stores,
        days: kept.map(([businessDay, d]) => ({ businessDay, totals: Object.fromEntries(d) })),
      };
    });
};

/** The design system's palette, one colour per store of a chart. */
const COLOURS = ['#4945ff', '#0c75af', '#d9822f', '#328048', '#ac73e6', '#ee5e52'];

/** "12 Nov" from "2026-11-12", in the browser's language, without time-zone shifts. */
const shortDay = (day: string, locale: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Integer cents as a compact axis value: "USD 1.2k", "GBP 350". */
const axisMoney = (cents: number, currency: string) => {
  const units = cents / 100;
  const text =
    Math.abs(units) >= 1000 ? `${(units / 1000).toFixed(units % 1000 === 0 ? 0 : 1)}k` : `${Math.round(units)}`;
  return `${currency} ${text}`;
};

const CurrencyChart = ({ data, title, locale }: { data: CurrencyTotals; title: string; locale: string }) => {
  const rows = data.days.map((d) => ({
    day: shortDay(d.businessDay, locale),
    businessDay: d.businessDay,
    ...d.totals,
  }));
  const described = data.days
    .map(
      (d) =>
        `${d.businessDay}: ${data.stores
          .filter((s) => d.totals[s] !== undefined)
          .map((s) => `${s} ${formatCents(d.totals[s], data.currency)}`)
          .join(', ')}`
    )
    .join('; ');
  // values on the bars while they fit; the tooltip always has them
  const labelled = rows.length * data.stores.length <= 16;
  return (
    <Box role="img" aria-label={`${title}. ${described}`} width="100%">
      <ResponsiveContainer width="100%" height={300}>
        <BarChart data={rows} margin={{ top: 24, right: 16, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} />
          <YAxis tickFormatter={(v: number) => axisMoney(v, data.currency)} tick={{ fontSize: 12 }} width={84} />
          <Tooltip
            formatter={(value, name) => [formatCents(Number(value), data.currency), String(name)]}
            labelFormatter={(_label, payload) => String(payload?.[0]?.payload?.businessDay ?? _label)}
          />
          <Legend />
          {data.stores.map((store, i) => (
            <Bar key={store} dataKey={store} name={store} fill={COLOURS[i % COLOURS.length]} maxBarSize={48}>
              {labelled ? (
                <LabelList
                  dataKey={store}
                  position="top"
                  fontSize={11}
                  formatter={(v: unknown) => (typeof v === 'number' ? formatCents(v, '').trim() : '')}
                />
              ) : null}
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
};

/**
 * The sales total posted per business day, one chart per currency (a USD store and a GBP store are never added up),
 * a bar per store, with a store filter and a table view.
 */
export const PostedTotalsChart = ({ rows }: { rows: PostedDayRow[] }) => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const [asTable, setAsTable] = useState(false);
  const [store, setStore] = useState('');
  const headingId = useId();
  const stores = [...new Set(rows.filter((r) => r.status === 'posted').map((r) => r.storeCode))].sort();
  const charts = totalsByCurrency(rows, store);
  const title = t('chart.title', 'Posted daily totals');

  return (
    <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius tag="section" aria-labelledby={headingId}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="flex-end" gap={4} wrap="wrap">
          <Typography variant="delta" tag="h2" id={headingId}>
            {title}
          </Typography>
          {stores.length ? (
            <Flex gap={3} alignItems="flex-end">
              <Field.Root name="chart-store">
                <Field.Label>{t('chart.store', 'Show store')}</Field.Label>
                <SingleSelect value={store} onChange={(v: string | number) => setStore(String(v))}>
                  <SingleSelectOption value="">{t('chart.allStores', 'All stores')}</SingleSelectOption>
                  {stores.map((s) => (
                    <SingleSelectOption key={s} value={s}>
                      {s}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Button variant="tertiary" onClick={() => setAsTable(!asTable)}>
                {asTable ? t('chart.showChart', 'Show as chart') : t('chart.showTable', 'Show as table')}
              </Button>
            </Flex>
          ) : null}
        </Flex>
        {charts.length === 0 ? (
          <Typography textColor="neutral600">{t('chart.empty', 'No day has been posted yet.')}</Typography>
        ) : (
          charts.map((c) => {
            const chartTitle = t('chart.currencyTitle', 'Sales posted per day in {currency}', { currency: c.currency });
            return (
              <Flex key={c.currency} direction="column" alignItems="stretch" gap={2}>
                <Typography variant="omega" fontWeight="bold" tag="h3">
                  {chartTitle}
                </Typography>
                {asTable ? (
                  <Table colCount={3} rowCount={c.days.length * c.stores.length + 1} aria-label={chartTitle}>
                    <Thead>
                      <Tr>
                        <Th>{t('days.day', 'Business day')}</Th>
                        <Th>{t('days.store', 'Store')}</Th>
                        <Th>{t('chart.total', 'Sales total')}</Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {c.days.flatMap((d) =>
                        c.stores
                          .filter((s) => d.totals[s] !== undefined)
                          .map((s) => (
                            <Tr key={`${d.businessDay}-${s}`}>
                              <Td>
                                <Typography>{d.businessDay}</Typography>
                              </Td>
                              <Td>
                                <Typography>{s}</Typography>
                              </Td>
                              <Td>
                                <Typography>{formatCents(d.totals[s], c.currency)}</Typography>
                              </Td>
                            </Tr>
                          ))
                      )}
                    </Tbody>
                  </Table>
                ) : (
                  <CurrencyChart data={c} title={chartTitle} locale={locale} />
                )}
              </Flex>
            );
          })
        )}
        {charts.length ? (
          <Typography variant="pi" textColor="neutral600">
            {t(
              'chart.note',
              'Each bar is the sales total (tax included) posted for a store and business day, in the store’s currency; stores in different currencies have their own chart.'
            )}
          </Typography>
        ) : null}
      </Flex>
    </Box>
  );
};

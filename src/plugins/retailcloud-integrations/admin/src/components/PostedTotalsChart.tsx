import { Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useId, useState } from 'react';
import { useIntl } from 'react-intl';
import type { PostingDay } from '../../../contracts/accounting';
import { getTranslation } from '../utils/getTranslation';

/** A posting row as `GET /accounting/:provider/days` returns it; `amounts` is what the day's documents total. */
export type PostedDayRow = Pick<PostingDay, 'storeCode' | 'businessDay' | 'status' | 'amounts'>;

export interface DailyTotal {
  businessDay: string;
  documents: number;
  stores: number;
  totalCents: number;
}

/**
 * Posted rows grouped per business day. Every document of a store-day carries the same totals, so each store-day
 * counts once towards the day's sales total.
 */
export const dailyTotals = (rows: PostedDayRow[], maxDays = 14): DailyTotal[] => {
  const days = new Map<string, { documents: number; stores: Map<string, number> }>();
  for (const row of rows) {
    if (row.status !== 'posted') continue;
    const day = days.get(row.businessDay) ?? { documents: 0, stores: new Map<string, number>() };
    day.documents += 1;
    const total = row.amounts?.invoice?.totalCents ?? row.amounts?.sales?.totalCents ?? 0;
    day.stores.set(row.storeCode, Math.max(day.stores.get(row.storeCode) ?? 0, total));
    days.set(row.businessDay, day);
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(-maxDays)
    .map(([businessDay, d]) => ({
      businessDay,
      documents: d.documents,
      stores: d.stores.size,
      totalCents: [...d.stores.values()].reduce((sum, v) => sum + v, 0),
    }));
};

const WIDTH = 640;
const HEIGHT = 200;
const AXIS = 24;

/** A bar per posted business day (sales total, or documents when no totals are known), with a table fallback. */
export const PostedTotalsChart = ({ rows }: { rows: PostedDayRow[] }) => {
  const { formatMessage, formatNumber } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const [asTable, setAsTable] = useState(false);
  const titleId = useId();
  const descId = useId();
  const headingId = useId();
  const totals = dailyTotals(rows);
  const byAmount = totals.some((d) => d.totalCents > 0);
  const value = (d: DailyTotal) => (byAmount ? d.totalCents : d.documents);
  const max = Math.max(1, ...totals.map(value));
  const money = (cents: number) => formatNumber(cents / 100, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const barLabel = (d: DailyTotal) =>
    t('chart.bar', '{day}: {total} in sales, {documents} documents', {
      day: d.businessDay,
      total: money(d.totalCents),
      documents: d.documents,
    });
  const slot = totals.length ? (WIDTH - 8) / totals.length : WIDTH;
  const title = t('chart.title', 'Posted daily totals');

  return (
    <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius tag="section" aria-labelledby={headingId}>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between">
          <Typography variant="delta" tag="h2" id={headingId}>
            {title}
          </Typography>
          {totals.length ? (
            <Button variant="tertiary" onClick={() => setAsTable(!asTable)}>
              {asTable ? t('chart.showChart', 'Show as chart') : t('chart.showTable', 'Show as table')}
            </Button>
          ) : null}
        </Flex>
        {totals.length === 0 ? (
          <Typography textColor="neutral600">{t('chart.empty', 'No day has been posted yet.')}</Typography>
        ) : asTable ? (
          <Table colCount={4} rowCount={totals.length + 1} aria-label={title}>
            <Thead>
              <Tr>
                <Th>{t('days.day', 'Business day')}</Th>
                <Th>{t('chart.stores', 'Stores')}</Th>
                <Th>{t('chart.documents', 'Documents')}</Th>
                <Th>{t('chart.total', 'Sales total')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {totals.map((d) => (
                <Tr key={d.businessDay}>
                  <Td>
                    <Typography>{d.businessDay}</Typography>
                  </Td>
                  <Td>
                    <Typography>{d.stores}</Typography>
                  </Td>
                  <Td>
                    <Typography>{d.documents}</Typography>
                  </Td>
                  <Td>
                    <Typography>{money(d.totalCents)}</Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        ) : (
          <svg
            role="img"
            aria-labelledby={`${titleId} ${descId}`}
            viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`}
            width="100%"
            style={{ maxWidth: WIDTH }}
          >
            <title id={titleId}>{title}</title>
            <desc id={descId}>{totals.map(barLabel).join('; ')}</desc>
            <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} stroke="currentColor" strokeWidth={1} />
            {totals.map((d, index) => {
              const height = Math.max(2, (value(d) / max) * (HEIGHT - 20));
              const x = 4 + index * slot + slot * 0.15;
              return (
                <g key={d.businessDay}>
                  <rect x={x} y={HEIGHT - height} width={slot * 0.7} height={height} fill="#4945ff">
                    <title>{barLabel(d)}</title>
                  </rect>
                  <text x={x + slot * 0.35} y={HEIGHT + 16} fontSize={11} textAnchor="middle" fill="currentColor">
                    {d.businessDay.slice(5)}
                  </text>
                </g>
              );
            })}
          </svg>
        )}
        <Typography variant="pi" textColor="neutral600">
          {byAmount
            ? t('chart.note.amount', 'Bars: the sales total posted for each business day, all stores.')
            : t('chart.note.documents', 'Bars: documents posted for each business day.')}
        </Typography>
      </Flex>
    </Box>
  );
};

import { Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { LedgerRoutesView } from '../../../contracts/connections';
import type { DailySummary } from '../../../contracts/reports';
import { PLUGIN_ID } from '../pluginId';
import { errorMessage } from '../utils/errorMessage';
import { formatCents } from '../utils/formatCents';
import { getTranslation } from '../utils/getTranslation';
import { StoreDayRange } from './StoreDayRange';

type DaySummary = DailySummary;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** The CAS daily sales report, per store and business day: what a bookkeeper compares with the ledger. */
export const DailySalesReport = ({ provider }: { provider: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [store, setStore] = useState('');
  const [from, setFrom] = useState(daysAgo(7));
  const [to, setTo] = useState(daysAgo(1));
  const [days, setDays] = useState<DaySummary[]>([]);
  const [stores, setStores] = useState<Array<{ code: string; name: string }>>([]);

  // the stores to pick from: every store CAS knows, as the ledger page lists them
  useEffect(() => {
    get<{ data: LedgerRoutesView }>(`/${PLUGIN_ID}/accounting/${provider}/routes`)
      .then((res) => setStores(res.data.data.stores.map((s) => ({ code: s.storeCode, name: s.storeName }))))
      .catch((e) => toggleNotification({ type: 'danger', message: errorMessage(e) }));
  }, [get, provider, toggleNotification]);

  const load = async () => {
    try {
      const res = await get<{ data: DaySummary[] }>(
        `/${PLUGIN_ID}/reports/daily-sales?store=${encodeURIComponent(store)}&from=${from}&to=${to}`
      );
      setDays(res.data.data);
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    }
  };

  return (
    <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {t('report.title', 'Daily sales report (CAS)')}
        </Typography>
        <Flex gap={4} alignItems="flex-end">
          <StoreDayRange
            prefix="report-"
            from={from}
            to={to}
            store={store}
            onFrom={setFrom}
            onTo={setTo}
            onStore={setStore}
            stores={stores}
          />
          <Button variant="secondary" onClick={load} disabled={!store}>
            {t('report.show', 'Show report')}
          </Button>
        </Flex>
        {days.length ? (
          <Table colCount={9} rowCount={days.length + 1} aria-label={t('report.title', 'Daily sales report (CAS)')}>
            <Thead>
              <Tr>
                <Th>{t('days.day', 'Business day')}</Th>
                <Th>{t('report.sales', 'Sales (net)')}</Th>
                <Th>{t('report.discounts', 'Discounts')}</Th>
                <Th>{t('report.returns', 'Returns (net)')}</Th>
                <Th>{t('report.tax', 'Sales tax')}</Th>
                <Th>{t('report.payments', 'Payments (cash / card / other)')}</Th>
                <Th>{t('report.cogs', 'COGS')}</Th>
                <Th>{t('report.margin', 'Gross margin')}</Th>
                <Th>{t('report.marginPercent', 'Margin %')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {days.map((d) => (
                <Tr key={d.businessDay}>
                  <Td>{d.businessDay}</Td>
                  <Td>{formatCents(d.sales.netCents, d.currency)}</Td>
                  <Td>{formatCents(d.sales.discountCents, d.currency)}</Td>
                  <Td>{formatCents(d.returns.netCents, d.currency)}</Td>
                  <Td>{formatCents(d.totals.taxCents, d.currency)}</Td>
                  <Td>
                    {(['cash', 'card', 'other'] as const)
                      .map((m) => formatCents(d.payments.sales[m], d.currency))
                      .join(' / ')}
                  </Td>
                  <Td>{formatCents(d.cogs.netCents, d.currency)}</Td>
                  <Td>{formatCents(d.totals.grossMarginCents, d.currency)}</Td>
                  <Td>{d.totals.marginPercent ?? '—'}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        ) : null}
      </Flex>
    </Box>
  );
};

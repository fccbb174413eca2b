import { Box, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type {
  ChartAccountOption,
  DocumentView,
  PostingPreviewView,
  TaxCodeOption,
} from '../../../contracts/accounting';
import { formatCents } from '../utils/formatCents';
import { getTranslation } from '../utils/getTranslation';
import { taxCodeLabel } from '../utils/taxCodeLabel';

/** GET /accounting/:provider/preview as the panel reads it: the note, and each document's amounts. */
export type PreviewAnswer = Pick<PostingPreviewView, 'note'> & {
  views?: DocumentView[];
  summary?: { currency?: string; storeCode?: string; businessDay?: string };
};

/**
 * What posting a store-day would send, document by document: its lines (account, tax code, tax, amount), and its
 * net, tax and total in the store's currency, read from exactly what would be sent.
 */
export const PostingPreview = ({
  preview,
  accounts,
  taxCodes = [],
}: {
  preview: PreviewAnswer;
  accounts: ChartAccountOption[];
  /** the ledger's tax codes (the chart's): a line's code is shown by its name and rate, never as the ledger's id */
  taxCodes?: TaxCodeOption[];
}) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const accountName = (value: string | null) => {
    if (!value) return '—';
    const account = accounts.find((a) => a.value === value);
    return account ? `${account.code ? `${account.code} · ` : ''}${account.name}` : value;
  };
  const taxCodeName = (value: string | null | undefined) => {
    if (!value) return '—';
    // QuickBooks' line markers (its chart lists them by these names too): taxable or not, at the receipt's tax code
    if (value === 'TAX') return t('preview.taxable', 'Taxable');
    if (value === 'NON') return t('preview.notTaxable', 'Not taxable');
    const code = taxCodes.find((c) => c.value === value);
    if (code) return taxCodeLabel(code);
    return value;
  };
  const views = preview.views ?? [];
  const heading = preview.summary?.storeCode
    ? t('preview.heading', 'Preview of {store} on {day}', {
        store: preview.summary.storeCode,
        day: preview.summary.businessDay ?? '',
      })
    : t('preview.title', 'Preview');

  return (
    <Flex direction="column" alignItems="stretch" gap={3} tag="section" aria-label={heading}>
      <Typography variant="omega" fontWeight="bold" tag="h3">
        {heading}
      </Typography>
      <Typography>{preview.note}</Typography>
      {views.map((doc) => {
        const money = (cents: number) => formatCents(cents, doc.currency);
        const journal = doc.lines.some((l) => l.amountCents < 0) && doc.lines.every((l) => l.taxCents === undefined);
        // a receipt's tax is the document's (below), not its lines': no column of dashes then
        const lineTax = doc.lines.some((l) => l.taxCents !== undefined);
        return (
          <Box key={doc.reference} padding={4} hasRadius borderColor="neutral200" background="neutral100">
            <Flex direction="column" alignItems="stretch" gap={2}>
              <Flex justifyContent="space-between" wrap="wrap" gap={2}>
                <Typography fontWeight="bold">{`${doc.title} · ${doc.reference}`}</Typography>
                <Typography textColor="neutral600">
                  {doc.date ? t('preview.dated', 'dated {date}', { date: doc.date }) : ''}
                </Typography>
              </Flex>
              {doc.notSent ? (
                <Typography textColor="danger600">
                  {t('preview.notSent', 'Will not be sent: {reason}', { reason: doc.notSent })}
                </Typography>
              ) : null}
              <Table colCount={journal ? 4 : lineTax ? 5 : 4} rowCount={doc.lines.length + 1}>
                <Thead>
                  <Tr>
                    <Th>{t('preview.line', 'Line')}</Th>
                    <Th>{t('preview.account', 'Account')}</Th>
                    {journal ? (
                      <>
                        <Th>{t('preview.debit', 'Debit')}</Th>
                        <Th>{t('preview.credit', 'Credit')}</Th>
                      </>
                    ) : (
                      <>
                        {lineTax ? <Th>{t('preview.tax', 'Tax')}</Th> : null}
                        <Th>{t('preview.amount', 'Amount')}</Th>
                        <Th>{t('preview.taxCode', 'Tax rate')}</Th>
                      </>
                    )}
                  </Tr>
                </Thead>
                <Tbody>
                  {doc.lines.map((line, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a document's lines have no id of their own
                    <Tr key={index}>
                      <Td style={{ whiteSpace: 'normal' }}>
                        <Typography>{line.description}</Typography>
                      </Td>
                      <Td>
                        <Typography>{accountName(line.account)}</Typography>
                      </Td>
                      {journal ? (
                        <>
                          <Td>
                            <Typography>{line.amountCents > 0 ? money(line.amountCents) : ''}</Typography>
                          </Td>
                          <Td>
                            <Typography>{line.amountCents < 0 ? money(-line.amountCents) : ''}</Typography>
                          </Td>
                        </>
                      ) : (
                        <>
                          {lineTax ? (
                            <Td>
                              <Typography>{line.taxCents !== undefined ? money(line.taxCents) : '—'}</Typography>
                            </Td>
                          ) : null}
                          <Td>
                            <Typography>{money(line.amountCents)}</Typography>
                          </Td>
                          <Td>
                            <Typography>{taxCodeName(line.taxCode)}</Typography>
                          </Td>
                        </>
                      )}
                    </Tr>
                  ))}
                </Tbody>
              </Table>
              <Flex gap={6} justifyContent="flex-end" wrap="wrap">
                <Typography>{t('preview.net', 'Before tax: {amount}', { amount: money(doc.netCents) })}</Typography>
                <Typography>
                  {doc.taxCode
                    ? t('preview.taxTotalCode', 'Tax: {amount} ({code})', {
                        amount: money(doc.taxCents),
                        code: taxCodeName(doc.taxCode),
                      })
                    : t('preview.taxTotal', 'Tax: {amount}', { amount: money(doc.taxCents) })}
                </Typography>
                <Typography fontWeight="bold">
                  {t('preview.total', 'Total: {amount}', { amount: money(doc.totalCents) })}
                </Typography>
              </Flex>
            </Flex>
          </Box>
        );
      })}
    </Flex>
  );
};

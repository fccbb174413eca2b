import { Badge, Box, Link, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { PostingDay } from '../../../contracts/accounting';
import { formatCents } from '../utils/formatCents';
import { getTranslation } from '../utils/getTranslation';
import { DataTable } from './DataTable';

/** A posting's status in words (the default text of `posting.<status>`); never the stored key. */
const POSTING_STATUS_WORDS: Record<PostingDay['status'], string> = {
  pending: 'Pending',
  posted: 'Posted',
  failed: 'Failed',
  held: 'Held',
  not_sent: 'Not sent (enter by hand)',
};

/** Each document kind in words (the default text of `document.<kind>`). */
const DOCUMENT_WORDS: Record<string, string> = {
  invoice: 'Sales invoice',
  'credit-note': 'Credit note (returns)',
  payment: 'Payment',
  'manual-journal': 'Manual journal',
  'journal-entry': 'Journal entry',
  'sales-receipt': 'Sales receipt',
  'refund-receipt': 'Refund receipt (returns)',
};

/**
 * Step 4 of a ledger's page: every document of every store-day, its status and reason, its total, and a link to it
 * in the ledger (the sandbox's page in development).
 */
export const PostedDays = ({ days, providerName }: { days: PostingDay[]; providerName: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const statusBadge = (status: PostingDay['status']) => (
    <Badge
      active={status === 'posted'}
      backgroundColor={status === 'posted' ? 'success100' : status === 'failed' ? 'danger100' : undefined}
      textColor={status === 'posted' ? 'success700' : status === 'failed' ? 'danger700' : undefined}
    >
      {t(`posting.${status}`, POSTING_STATUS_WORDS[status])}
    </Badge>
  );
  const total = (d: PostingDay) => {
    // the day's sales document total, shown on that document's row
    const cents =
      d.kind === 'invoice'
        ? d.amounts?.invoice?.totalCents
        : d.kind === 'journal-entry' && /\dS(A\d+)?$/.test(d.reference)
          ? d.amounts?.sales?.totalCents
          : undefined;
    return cents !== undefined && d.currency ? formatCents(cents, d.currency) : '';
  };
  return (
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
          t('days.total', 'Total'),
          t('days.open', 'In {provider}', { provider: providerName }),
          t('days.reason', 'Reason'),
        ]}
        rows={days.slice(0, 200).map((d) => ({
          key: d.id,
          cells: [
            d.businessDay,
            d.storeCode,
            `${t(`document.${d.kind}`, DOCUMENT_WORDS[d.kind] ?? d.kind)} · ${d.reference}`,
            statusBadge(d.status),
            total(d),
            d.link ? (
              <Link key="open" href={d.link} isExternal>
                {t('days.openLink', 'Open')}
              </Link>
            ) : (
              '—'
            ),
            d.lastError ?? (d.kind === 'sales-receipt' ? d.amounts?.tax?.note : null) ?? '',
          ],
        }))}
      />
    </Box>
  );
};

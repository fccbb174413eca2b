import { Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { type ReactNode, useState } from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

export interface DataRow {
  key: string | number;
  cells: ReactNode[];
}

/** Rows shown at once: a longer list is paged, so a run of 10,000 items never becomes a page of 10,000 rows. */
export const PAGE_SIZE = 25;

/** Long texts (a failure's reason) wrap inside their cell; the design system's table keeps every cell on one line. */
const wrapping = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

/**
 * A plain table of the design system: one header row, then one row per item, `pageSize` rows at a time with
 * Previous / Next below when there are more. Column and row counts (which the design system announces to screen
 * readers) are derived from what is shown, so they cannot drift from it.
 */
export const DataTable = ({
  label,
  headers,
  rows,
  pageSize = PAGE_SIZE,
  wrap = false,
}: {
  label?: string;
  headers: string[];
  rows: DataRow[];
  pageSize?: number;
  /** let long cell texts wrap instead of widening the table */
  wrap?: boolean;
}) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = rows.slice(current * pageSize, (current + 1) * pageSize);
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Table colCount={headers.length} rowCount={shown.length + 1} {...(label ? { 'aria-label': label } : {})}>
        <Thead>
          <Tr>
            {headers.map((h) => (
              <Th key={h}>{h}</Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {shown.map((row) => (
            <Tr key={row.key}>
              {row.cells.map((cell, i) => (
                // cells are positional: the column is their identity
                // biome-ignore lint/suspicious/noArrayIndexKey: a cell's index is its column
                <Td key={i}>{wrap ? <Box style={wrapping}>{cell}</Box> : cell}</Td>
              ))}
            </Tr>
          ))}
        </Tbody>
      </Table>
      {pages > 1 ? (
        <Flex justifyContent="space-between" alignItems="center" gap={4}>
          <Typography variant="pi" textColor="neutral600">
            {t('table.range', 'Rows {from}–{to} of {total}', {
              from: current * pageSize + 1,
              to: current * pageSize + shown.length,
              total: rows.length,
            })}
          </Typography>
          <Flex gap={2} alignItems="center">
            <Button variant="tertiary" size="S" disabled={current === 0} onClick={() => setPage(current - 1)}>
              {t('table.previous', 'Previous')}
            </Button>
            <Typography variant="pi">
              {t('table.page', 'Page {page} of {pages}', { page: current + 1, pages })}
            </Typography>
            <Button variant="tertiary" size="S" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
              {t('table.next', 'Next')}
            </Button>
          </Flex>
        </Flex>
      ) : null}
    </Flex>
  );
};

import { Table, Tbody, Td, Th, Thead, Tr } from '@strapi/design-system';
import type { ReactNode } from 'react';

export interface DataRow {
  key: string | number;
  cells: ReactNode[];
}

/**
 * A plain table of the design system: one header row, then one row per item. Column and row counts (which the
 * design system announces to screen readers) are derived from what is shown, so they cannot drift from it.
 */
export const DataTable = ({ label, headers, rows }: { label?: string; headers: string[]; rows: DataRow[] }) => (
  <Table colCount={headers.length} rowCount={rows.length + 1} {...(label ? { 'aria-label': label } : {})}>
    <Thead>
      <Tr>
        {headers.map((h) => (
          <Th key={h}>{h}</Th>
        ))}
      </Tr>
    </Thead>
    <Tbody>
      {rows.map((row) => (
        <Tr key={row.key}>
          {row.cells.map((cell, i) => (
            // cells are positional: the column is their identity
            // biome-ignore lint/suspicious/noArrayIndexKey: a cell's index is its column
            <Td key={i}>{cell}</Td>
          ))}
        </Tr>
      ))}
    </Tbody>
  </Table>
);

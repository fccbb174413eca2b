import { Box, Button, Field, Flex, Radio, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { PostingMode, SavedLedgerMapping, TaxCodeOption } from '../../../contracts/accounting';
import { errorMessage } from '../utils/errorMessage';
import { getTranslation } from '../utils/getTranslation';

/** QuickBooks' line markers (taxable / not): never the tax code of a rate. */
const LINE_MARKERS = ['TAX', 'NON'];

/**
 * How a QuickBooks connection posts each store-day: journal entries, or sales receipts and refund receipts that put
 * the shop's tax into QuickBooks' sales-tax centre (docs/quickbooks-sales-receipts.md). In receipt mode each CAS tax
 * rate needs the QuickBooks sales tax code it is reported under. Saved at once with the saved accounts.
 */
export const PostingModeSetting = ({
  mappingUrl,
  taxCodes,
  onSaved,
}: {
  /** the ledger's mapping route, as the panel reads and saves it (/accounting/<provider>/mapping[?connectionId=]) */
  mappingUrl: string;
  taxCodes: TaxCodeOption[];
  /** the panel reloads the saved mapping and its problems */
  onSaved: () => void;
}) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [mode, setMode] = useState<PostingMode>('journal');
  const [rows, setRows] = useState<Array<{ key: number; rate: string; code: string }>>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    get<{ data: SavedLedgerMapping | null }>(mappingUrl)
      .then((res) => {
        const data = res.data.data;
        setMode(data?.postingMode ?? 'journal');
        setRows(Object.entries(data?.mapping.taxRates ?? {}).map(([rate, code], key) => ({ key, rate, code })));
      })
      .catch((e) => toggleNotification({ type: 'danger', message: errorMessage(e) }));
  }, [get, mappingUrl, toggleNotification]);

  const codes = taxCodes.filter((c) => !LINE_MARKERS.includes(c.value));

  const save = async () => {
    setBusy(true);
    try {
      // the accounts as saved now (the form above may have saved them since this loaded)
      const latest = (await get<{ data: SavedLedgerMapping | null }>(mappingUrl)).data.data;
      if (!latest) {
        toggleNotification({
          type: 'warning',
          message: t('postingMode.saveAccountsFirst', 'Save the accounts first; then choose how each day is posted.'),
        });
        return;
      }
      const taxRates = Object.fromEntries(rows.filter((r) => r.rate && r.code).map((r) => [r.rate, r.code]));
      const res = await put<{ meta: { problems: string[] } }>(mappingUrl, {
        mapping: { ...latest.mapping, taxRates },
        settings: { postingMode: mode },
      });
      toggleNotification({
        type: res.data.meta.problems.length ? 'warning' : 'success',
        message: res.data.meta.problems.length
          ? t('postingMode.savedWithProblems', 'Saved, but {count} problem(s) must be fixed before posting.', {
              count: res.data.meta.problems.length,
            })
          : t('postingMode.saved', 'Posting method saved.'),
      });
      onSaved();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box paddingTop={2} paddingBottom={2}>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography variant="omega" fontWeight="bold" id="posting-mode">
          {t('postingMode.label', 'How each day is posted')}
        </Typography>
        <Radio.Group
          aria-labelledby="posting-mode"
          value={mode}
          onValueChange={(v: string) => setMode(v as PostingMode)}
        >
          <Radio.Item value="journal">
            {t('postingMode.journal', 'Journal entries: sales tax goes straight to the sales tax liability account')}
          </Radio.Item>
          <Radio.Item value="salesReceipt">
            {t(
              'postingMode.salesReceipt',
              'Sales receipts: the day’s sales and returns appear in QuickBooks’ sales tax centre and reports'
            )}
          </Radio.Item>
        </Radio.Group>
        <Typography variant="pi" textColor="neutral600">
          {mode === 'salesReceipt'
            ? t(
                'postingMode.salesReceiptHelp',
                'Each day becomes a sales receipt and, when there were returns, a refund receipt, with the tax CAS charged. QuickBooks keeps that tax under the tax code you choose for each rate below. Where QuickBooks would have worked out a slightly different tax (it rounds once per receipt, CAS rounds per line), the posted day says by how much. Cost of goods sold is still a journal entry.'
              )
            : t(
                'postingMode.journalHelp',
                'Each day becomes one balanced journal entry for sales and one for cost of goods sold. QuickBooks’ sales tax centre does not see these sales.'
              )}
        </Typography>
        {mode === 'salesReceipt' ? (
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Typography variant="omega" fontWeight="bold">
              {t('postingMode.taxCodes', 'Tax rates: CAS rate → QuickBooks sales tax code')}
            </Typography>
            {rows.map((row, index) => (
              <Flex key={row.key} gap={2}>
                <Field.Root name={`receipt-rate-${index}`}>
                  <Field.Label>{t('mapping.casRate', 'CAS rate %')}</Field.Label>
                  <Field.Input
                    value={row.rate}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                      setRows(rows.map((r, i) => (i === index ? { ...r, rate: e.target.value } : r)))
                    }
                  />
                </Field.Root>
                <Field.Root name={`receipt-code-${index}`}>
                  <Field.Label>{t('postingMode.taxCode', 'QuickBooks sales tax code')}</Field.Label>
                  <SingleSelect
                    value={row.code}
                    placeholder={t('postingMode.chooseCode', 'Choose a tax code')}
                    onChange={(v: string | number) =>
                      setRows(rows.map((r, i) => (i === index ? { ...r, code: String(v) } : r)))
                    }
                  >
                    {codes.map((c) => (
                      <SingleSelectOption key={c.value} value={c.value}>
                        {c.name}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Flex>
            ))}
            <Typography variant="pi" textColor="neutral600">
              {t('postingMode.untaxedHelp', 'Untaxed (0%) sales need no code: they are marked not taxable.')}
            </Typography>
            <Flex gap={2}>
              <Button variant="tertiary" onClick={() => setRows([...rows, { key: Date.now(), rate: '', code: '' }])}>
                {t('mapping.addRate', 'Add a tax rate')}
              </Button>
            </Flex>
          </Flex>
        ) : null}
        <Flex>
          <Button variant="secondary" onClick={save} loading={busy}>
            {t('postingMode.save', 'Save the posting method')}
          </Button>
        </Flex>
      </Flex>
    </Box>
  );
};

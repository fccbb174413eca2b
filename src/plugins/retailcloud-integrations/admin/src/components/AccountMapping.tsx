import {
  Alert,
  Badge,
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
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type {
  ChartAccountOption,
  LedgerChart,
  LedgerMappingChoice,
  MappingReviewView,
  TaxCodeOption,
} from '../../../contracts/accounting';
import { PLUGIN_ID } from '../pluginId';
import { errorMessage } from '../utils/errorMessage';
import { getTranslation } from '../utils/getTranslation';
import { taxCodeLabel } from '../utils/taxCodeLabel';

type Method = 'cash' | 'card' | 'other';
const METHODS: Method[] = ['cash', 'card', 'other'];

/** What each account is for, in the merchant's words (the default text of `mapping.<field>` and its hint). */
const ACCOUNT_FIELDS = [
  [
    'salesAccount',
    'Sales account',
    'Income from what the tills sold (before tax).',
    /^(sales|sales income|sales of product income|revenue)$|^sales\b(?!.*(return|refund|tax|discount))/i,
  ],
  ['returnsAccount', 'Returns account', 'Income taken back by returns.', /return|refund/i],
  ['cogsAccount', 'Cost of goods sold', 'What the goods sold cost you.', /cost of (goods|sales)|cogs/i],
  ['inventoryAccount', 'Inventory asset', 'The stock on your shelves, at cost.', /inventory/i],
  ['salesTaxAccount', 'Sales tax liability', 'The sales tax you owe to the tax office.', /sales tax/i],
  ['roundingAccount', 'Rounding', 'Cent differences between CAS’s tax and the ledger’s.', /rounding/i],
] as const;
type AccountField = (typeof ACCOUNT_FIELDS)[number][0];

const METHOD_WORDS: Record<Method | 'default', string> = {
  cash: 'Cash',
  card: 'Card',
  other: 'Other payments',
  default: 'Any other payment method',
};
const METHOD_MATCH: Record<Method, RegExp> = { cash: /cash/i, card: /card|credit|stripe/i, other: /other|clearing/i };

const sameRate = (a: string | null | undefined, b: string) => a != null && Number(a) === Number(b);
const accountLabel = (a: ChartAccountOption) => `${a.code ? `${a.code} · ` : ''}${a.name}`;
/**
 * Accounts the mapping form would propose where nothing is chosen yet: the eligible account whose name says what it
 * is for, a clearing account named after the payment method, a tax code of the same rate.
 */
export const suggestMapping = (
  chart: LedgerChart,
  rates: string[],
  methods: Method[],
  needsTaxCodes: boolean
): LedgerMappingChoice => {
  const eligible = (field: string) => (chart.suggestions[field] as ChartAccountOption[] | undefined) ?? [];
  // an exact name first ("Sales"), then one that starts the same way
  const named = (field: string, pattern: RegExp) => {
    const fits = eligible(field).filter((a) => pattern.test(a.name));
    return (fits.find((a) => /^[a-z ]+$/i.test(a.name) && a.name.split(' ').length <= 2) ?? fits[0])?.value;
  };
  const mapping: LedgerMappingChoice = {};
  for (const [field, , , pattern] of ACCOUNT_FIELDS) {
    const value = named(field, pattern);
    if (value) mapping[field] = value;
  }
  const payments: NonNullable<LedgerMappingChoice['paymentAccounts']> = {};
  for (const m of methods) {
    const value = named('paymentAccounts', METHOD_MATCH[m]);
    if (value) payments[m] = value;
  }
  const fallback = payments.card ?? payments.cash ?? named('paymentAccounts', /clearing/i);
  if (fallback) payments.default = fallback;
  mapping.paymentAccounts = payments;
  if (needsTaxCodes) {
    const codes = (chart.suggestions.taxRates as TaxCodeOption[] | undefined) ?? [];
    const taxRates: Record<string, string> = {};
    for (const rate of rates) {
      const match = codes.find((c) => sameRate(c.rate, rate));
      if (match) taxRates[rate] = match.value;
    }
    mapping.taxRates = taxRates;
    const untaxed =
      codes.find((c) => sameRate(c.rate, '0') && /none|exempt|no vat|no tax/i.test(c.name)) ??
      codes.find((c) => sameRate(c.rate, '0'));
    if (untaxed) mapping.noTaxCode = untaxed.value;
  }
  return mapping;
};

const blank = (m: LedgerMappingChoice) =>
  !ACCOUNT_FIELDS.some(([f]) => m[f]) && !Object.values(m.paymentAccounts ?? {}).some(Boolean);

/**
 * Step 2 of a ledger's page: the accounts and tax codes each CAS figure is posted to. It lists the tax rates and
 * payment methods the stores' sales actually used, offers only the accounts that fit each field, proposes matches,
 * and says per store what still stops its posting.
 */
export const AccountMapping = ({
  provider,
  connectionId,
  providerName,
  chart,
  saved,
  review,
  onSaved,
}: {
  provider: string;
  /** the ledger the page looks at, when the provider has several */
  connectionId?: number;
  providerName: string;
  chart: LedgerChart;
  saved: LedgerMappingChoice | null;
  review: MappingReviewView | null;
  onSaved: (mapping: LedgerMappingChoice, review: MappingReviewView) => void;
}) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const stores = review?.stores ?? [];
  const rates = [...new Set(stores.flatMap((s) => s.taxRates))].sort((a, b) => Number(a) - Number(b));
  const methods = METHODS.filter((m) => stores.some((s) => s.paymentMethods.includes(m)));
  const isXero = provider === 'xero';
  const needsTaxCodes = isXero;
  const [mapping, setMapping] = useState<LedgerMappingChoice>(saved ?? {});
  const [suggested, setSuggested] = useState(false);
  const [busy, setBusy] = useState(false);

  // nothing chosen yet: propose the matching accounts and tax codes (saved only when the merchant saves)
  // biome-ignore lint/correctness/useExhaustiveDependencies: proposed once, when the data arrives
  useEffect(() => {
    if (saved && !blank(saved)) {
      setMapping(saved);
      return;
    }
    if (!review) return;
    setMapping(suggestMapping(chart, rates, methods, needsTaxCodes));
    setSuggested(true);
  }, [saved, review === null]);

  const eligible = (field: string): ChartAccountOption[] => {
    const offered = (chart.suggestions[field] as ChartAccountOption[] | undefined) ?? [];
    return offered;
  };
  // a saved account that is no longer eligible stays visible (its problem is listed), never silently dropped
  const options = (field: string, value: string | undefined) => {
    const offered = eligible(field);
    if (!value || offered.some((a) => a.value === value)) return offered;
    const current = chart.accounts.find((a) => a.value === value);
    return current ? [current, ...offered] : offered;
  };
  const taxCodes = (chart.suggestions.taxRates as TaxCodeOption[] | undefined) ?? [];

  const save = async () => {
    setBusy(true);
    try {
      const res = await put<{ meta: { problems: string[]; review: MappingReviewView } }>(
        `/${PLUGIN_ID}/accounting/${provider}/mapping${connectionId ? `?connection=${connectionId}` : ''}`,
        { mapping }
      );
      const count = res.data.meta.problems.length;
      toggleNotification({
        type: count ? 'warning' : 'success',
        message: count
          ? t('accounting.savedWithProblems', 'Saved, but {count} problem(s) must be fixed before posting.', { count })
          : t('accounting.saved', 'Accounts saved and checked against the live chart.'),
      });
      setSuggested(false);
      onSaved(mapping, res.data.meta.review);
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const accountSelect = (
    name: string,
    label: string,
    hint: string,
    value: string | undefined,
    onChange: (v: string) => void,
    field: string
  ) => (
    <Field.Root name={name} width="100%" hint={hint}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect
        value={value ?? ''}
        onChange={(v: string | number) => onChange(String(v))}
        placeholder={t('mapping.choose', 'Choose an account')}
      >
        {options(field, value).map((a) => (
          <SingleSelectOption key={a.value} value={a.value}>
            {accountLabel(a)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
    </Field.Root>
  );

  const fields = ACCOUNT_FIELDS.filter(([field]) => !(isXero && field === 'salesTaxAccount'));
  // the check is of the saved accounts: before the first save there is nothing to check yet
  const checked = Boolean(saved && !blank(saved));
  const generalProblems = checked ? (review?.general ?? []) : [];

  return (
    <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
      <Flex direction="column" alignItems="stretch" gap={5}>
        <Typography variant="delta" tag="h2">
          {t('step.accounts', '2. Choose the general-ledger accounts')}
        </Typography>
        {suggested ? (
          <Alert variant="default" title={t('mapping.suggestedTitle', 'Proposed accounts')} closeLabel="">
            {t(
              'mapping.suggested',
              'We proposed the accounts whose names fit each line and the tax codes with the same rate. Check them, then save.'
            )}
          </Alert>
        ) : null}
        {generalProblems.length ? (
          <Alert
            variant="danger"
            title={t('accounting.problemsEveryStore', 'Nothing can be posted until these are fixed')}
            closeLabel=""
          >
            <Box tag="ul" paddingLeft={4}>
              {generalProblems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </Box>
          </Alert>
        ) : null}

        <Typography variant="omega" fontWeight="bold" tag="h3">
          {t('mapping.accountsTitle', 'Accounts')}
        </Typography>
        <Grid.Root gap={4}>
          {fields.map(([field, label, hint]) => (
            <Grid.Item key={field} col={6} s={12} alignItems="stretch">
              {accountSelect(
                field,
                t(`mapping.${field}`, label),
                t(`mapping.hint.${field}`, hint),
                mapping[field as AccountField],
                (v) => setMapping({ ...mapping, [field]: v }),
                field
              )}
            </Grid.Item>
          ))}
        </Grid.Root>

        <Typography variant="omega" fontWeight="bold" tag="h3">
          {t('mapping.paymentsTitle', 'Payment methods your tills took')}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {isXero
            ? t(
                'mapping.paymentsHint.xero',
                'Each day’s takings are paid into a clearing account. Only bank accounts and accounts with “Enable payments to this account” are offered: to use another account, open it in Xero (Accounting → Chart of accounts), tick “Enable payments to this account”, save, and reload this page.'
              )
            : t(
                'mapping.paymentsHint',
                'Each day’s takings go to a clearing account: a bank or other current asset account (never Accounts Receivable or Payable).'
              )}
        </Typography>
        <Grid.Root gap={4}>
          {[...methods, 'default' as const].map((method) => (
            <Grid.Item key={method} col={6} s={12} alignItems="stretch">
              {accountSelect(
                `payment-${method}`,
                t(`mapping.payment.${method}`, `Clearing account: ${METHOD_WORDS[method].toLowerCase()}`),
                method === 'default'
                  ? t('mapping.payment.defaultHint', 'For a payment method without an account of its own.')
                  : t('mapping.payment.usedBy', 'Used by {stores}.', {
                      stores: stores
                        .filter((s) => s.paymentMethods.includes(method))
                        .map((s) => s.code)
                        .join(', '),
                    }),
                mapping.paymentAccounts?.[method],
                (v) => setMapping({ ...mapping, paymentAccounts: { ...mapping.paymentAccounts, [method]: v } }),
                'paymentAccounts'
              )}
            </Grid.Item>
          ))}
        </Grid.Root>

        {needsTaxCodes ? (
          <>
            <Typography variant="omega" fontWeight="bold" tag="h3">
              {t('mapping.taxTitle', 'Tax rates your tills charged')}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {t(
                'mapping.taxHint',
                '{provider} computes each line’s tax at its own rate, so each CAS rate needs a {provider} sales tax rate of exactly that rate.',
                { provider: providerName }
              )}
            </Typography>
            <Grid.Root gap={4}>
              {rates.map((rate) => {
                const fitting = taxCodes.filter((c) => sameRate(c.rate, rate));
                const users = stores.filter((s) => s.taxRates.includes(rate)).map((s) => s.code);
                const label = t('mapping.taxFor', 'Tax rate for {rate}%', { rate });
                return (
                  <Grid.Item key={rate} col={6} s={12} alignItems="stretch">
                    {fitting.length ? (
                      <Field.Root
                        name={`tax-${rate}`}
                        width="100%"
                        hint={t('mapping.taxUsedBy', 'Charged by {stores}.', { stores: users.join(', ') })}
                      >
                        <Field.Label>{label}</Field.Label>
                        <SingleSelect
                          value={mapping.taxRates?.[rate] ?? ''}
                          onChange={(v: string | number) =>
                            setMapping({ ...mapping, taxRates: { ...mapping.taxRates, [rate]: String(v) } })
                          }
                          placeholder={t('mapping.chooseTax', 'Choose a tax rate')}
                        >
                          {fitting.map((c) => (
                            <SingleSelectOption key={c.value} value={c.value}>
                              {taxCodeLabel(c)}
                            </SingleSelectOption>
                          ))}
                        </SingleSelect>
                        <Field.Hint />
                      </Field.Root>
                    ) : (
                      <Box background="danger100" padding={3} hasRadius borderColor="danger200">
                        <Typography fontWeight="bold">{label}</Typography>
                        <Typography tag="p" variant="pi">
                          {t(
                            'mapping.noTaxRate',
                            '{provider} has no sales tax rate of {rate}%, which {stores} charged. Add one in {provider} (Accounting → Advanced → Tax rates → New tax rate, {rate}%), then reload this page.',
                            { provider: providerName, rate, stores: users.join(', ') }
                          )}
                        </Typography>
                      </Box>
                    )}
                  </Grid.Item>
                );
              })}
              <Grid.Item col={6} s={12} alignItems="stretch">
                <Field.Root
                  name="tax-none"
                  width="100%"
                  hint={t('mapping.noTaxHint', 'For lines without tax, such as the rounding line.')}
                >
                  <Field.Label>{t('mapping.noTaxCode', 'Tax rate for untaxed lines')}</Field.Label>
                  <SingleSelect
                    value={mapping.noTaxCode ?? ''}
                    onChange={(v: string | number) => setMapping({ ...mapping, noTaxCode: String(v) })}
                    placeholder={t('mapping.chooseTax', 'Choose a tax rate')}
                  >
                    {taxCodes
                      .filter((c) => sameRate(c.rate, '0'))
                      .map((c) => (
                        <SingleSelectOption key={c.value} value={c.value}>
                          {taxCodeLabel(c)}
                        </SingleSelectOption>
                      ))}
                  </SingleSelect>
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
            </Grid.Root>
          </>
        ) : null}

        <Flex>
          <Button onClick={save} loading={busy}>
            {t('mapping.save', 'Save and check accounts')}
          </Button>
        </Flex>

        {review ? (
          <Flex
            direction="column"
            alignItems="stretch"
            gap={2}
            tag="section"
            aria-label={t('mapping.storesRegion', 'Stores')}
          >
            <Typography variant="omega" fontWeight="bold" tag="h3">
              {t('mapping.storesTitle', 'Stores: what their sales used and whether they can be posted')}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {t(
                'mapping.storesHint',
                'From the sales of the last 400 days, as last checked against {provider}. A store with a problem is held; the others post.',
                { provider: providerName }
              )}
            </Typography>
            <Table colCount={5} rowCount={stores.length + 1}>
              <Thead>
                <Tr>
                  <Th>{t('days.store', 'Store')}</Th>
                  <Th>{t('mapping.storeRates', 'Tax rates')}</Th>
                  <Th>{t('mapping.storeMethods', 'Payment methods')}</Th>
                  <Th>{t('days.status', 'Status')}</Th>
                  <Th>{t('mapping.storeProblems', 'What to fix')}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {stores.map((s) => (
                  <Tr key={s.code}>
                    <Td>
                      <Typography>{`${s.code} · ${s.name} (${s.currency})`}</Typography>
                    </Td>
                    <Td>
                      <Typography>{s.taxRates.length ? s.taxRates.map((r) => `${r}%`).join(', ') : '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>
                        {s.paymentMethods.length
                          ? s.paymentMethods.map((m) => METHOD_WORDS[m].toLowerCase()).join(', ')
                          : '—'}
                      </Typography>
                    </Td>
                    <Td>
                      {checked ? (
                        <Badge
                          active={s.ready}
                          backgroundColor={s.ready ? 'success100' : 'danger100'}
                          textColor={s.ready ? 'success700' : 'danger700'}
                        >
                          {s.ready ? t('mapping.ready', 'Ready to post') : t('mapping.notReady', 'Held')}
                        </Badge>
                      ) : (
                        <Badge>{t('mapping.notChecked', 'Not checked yet')}</Badge>
                      )}
                    </Td>
                    <Td style={{ whiteSpace: 'normal' }}>
                      {!checked ? (
                        <Typography variant="pi" textColor="neutral600">
                          {t('mapping.saveToCheck', 'Save the accounts to check this store.')}
                        </Typography>
                      ) : s.problems.length ? (
                        <Box tag="ul" paddingLeft={4}>
                          {s.problems.map((p) => (
                            <li key={p}>
                              <Typography variant="pi">{p}</Typography>
                            </li>
                          ))}
                        </Box>
                      ) : (
                        <Typography variant="pi" textColor="neutral600">
                          {generalProblems.length
                            ? t('mapping.storeWaitsGeneral', 'Only the problems above.')
                            : t('mapping.storeOk', 'Nothing.')}
                        </Typography>
                      )}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            {review.unused.length ? (
              <Typography variant="pi" textColor="neutral600">
                {t('mapping.unused', 'Also noticed (no store’s sales use these, so nothing is held): {list}', {
                  list: review.unused.join('; '),
                })}
              </Typography>
            ) : null}
          </Flex>
        ) : null}
      </Flex>
    </Box>
  );
};

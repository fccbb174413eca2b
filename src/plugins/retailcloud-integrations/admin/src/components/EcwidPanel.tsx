import {
  Alert,
  Badge,
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  Grid,
  LinkButton,
  ProgressBar,
  Radio,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import {
  type EcwidChoices,
  type EcwidSettings,
  type ValidatedEntity as EntityName,
  type EcwidPreconditions as Preconditions,
  type SendChoice,
  VALIDATED_ENTITIES,
  type ValidationReport,
} from '../../../contracts/ecwid';
import { PLUGIN_ID } from '../pluginId';
import { errorMessage } from '../utils/errorMessage';
import { withFieldLabel } from '../utils/fieldLabel';
import { getTranslation } from '../utils/getTranslation';
import {
  countLabel,
  entityLabel,
  failureReason,
  plainReason,
  runSummary,
  sentence,
  skipReason,
  splitItems,
} from '../utils/runWords';
import { CategoryTreePicker } from './CategoryTreePicker';
import { DataTable } from './DataTable';
import { Notice } from './Notice';
import type { SyncRunView } from './SyncHistory';

const SEND_KEYS = ['products', 'images', 'categories', 'coupons', 'customers'] as const;
const ENTITIES = VALIDATED_ENTITIES;
const RESULTS = ['created', 'updated', 'adopted', 'unchanged', 'skipped', 'failed'] as const;
const POLL_MS = 1000;
const SETUP_RUNS = `/${PLUGIN_ID}/sync-runs?provider=ecwid&kind=ecwid-setup&limit=1`;

/** The preconditions a refused setup names (error.details: problems and their details), beside the message. */
const preconditionsOf = (e: unknown): Preconditions | null => {
  const details = (e as { response?: { data?: { error?: { details?: Partial<Preconditions> } } } }).response?.data
    ?.error?.details;
  return Array.isArray(details?.problems)
    ? { ready: false, problems: details.problems.map(String), details: details.details ?? [] }
    : null;
};

const show = (value: unknown): string =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** Step-by-step Ecwid setup: preconditions, configuration, what to send, progress of the push, validation. */
export const EcwidPanel = ({
  onRunFinished,
}: {
  /** A setup run started or finished, so the page can refresh its sync history. */
  onRunFinished?: () => void;
} = {}) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get, put, post } = useFetchClient();
  const { toggleNotification } = useNotification();

  const [checks, setChecks] = useState<Preconditions | null>(null);
  const [settings, setSettings] = useState<EcwidSettings | null>(null);
  const [choices, setChoices] = useState<EcwidChoices | null>(null);
  const [storeCode, setStoreCode] = useState('');
  const [sharedIds, setSharedIds] = useState<number[]>([]);
  const categoriesLabelId = useId();
  const [stockMode, setStockMode] = useState<EcwidSettings['stockMode']>('tracked');
  const [customerScope, setCustomerScope] = useState<EcwidSettings['customerScope']>('consenting');
  const [interval, setIntervalMinutes] = useState('5');
  const [send, setSend] = useState<SendChoice>({
    products: true,
    images: true,
    categories: true,
    coupons: true,
    customers: true,
  });
  const [run, setRun] = useState<SyncRunView | null>(null);
  const [showResult, setShowResult] = useState(true);
  const [report, setReport] = useState<ValidationReport | null>(null);
  const [busy, setBusy] = useState<'save' | 'setup' | 'validate' | 'check' | null>(null);
  const [loadFailed, setLoadFailed] = useState<string | null>(null);
  const mounted = useRef(true);
  // the latest callback, without restarting the poll whenever the page re-renders
  const finishedRef = useRef(onRunFinished);
  finishedRef.current = onRunFinished;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const applySettings = useCallback((s: EcwidSettings) => {
    setSettings(s);
    setStoreCode(s.storeCode ?? '');
    setSharedIds(s.sharedCategoryIds ?? []);
    setStockMode(s.stockMode);
    setCustomerScope(s.customerScope);
    setIntervalMinutes(String(s.syncIntervalMinutes));
    setSend(s.send);
  }, []);

  const loadChecks = useCallback(async () => {
    const res = await get<{ data: Preconditions }>(`/${PLUGIN_ID}/ecwid/preconditions`);
    if (mounted.current) setChecks(res.data.data);
  }, [get]);

  const loadLatestRun = useCallback(async () => {
    const res = await get<{ data: SyncRunView[] }>(SETUP_RUNS);
    const latest = res.data.data[0] ?? null;
    if (mounted.current) setRun(latest);
    return latest;
  }, [get]);

  useEffect(() => {
    Promise.all([
      get<{ data: EcwidSettings }>(`/${PLUGIN_ID}/ecwid/settings`),
      get<{ data: EcwidChoices }>(`/${PLUGIN_ID}/ecwid/choices`),
      loadChecks(),
      loadLatestRun(),
    ])
      .then(([settingsRes, choicesRes]) => {
        if (!mounted.current) return;
        setChoices(choicesRes.data.data);
        applySettings(settingsRes.data.data);
      })
      .catch((e: unknown) => {
        if (mounted.current) setLoadFailed(errorMessage(e));
      });
  }, [get, loadChecks, loadLatestRun, applySettings]);

  // While the latest setup run is running (also after a page reload), poll it every second.
  const running = run?.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => {
      loadLatestRun()
        .then((latest) => {
          if (latest && latest.status !== 'running') {
            setShowResult(true);
            loadChecks().catch(() => undefined);
            finishedRef.current?.();
          }
        })
        .catch(() => undefined); // a missed poll is retried a second later
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [running, loadLatestRun, loadChecks]);

  /** The settings' fields as the form labels them: a 400 naming one is shown with its label. */
  const settingLabel: Record<string, string> = {
    storeCode: t('ecwid.store.label', 'Store whose stock feeds Ecwid'),
    sharedCategoryIds: t('ecwid.categories.label', 'Shared classifications'),
    priceField: t('ecwid.price.label', 'Price sent to Ecwid'),
    stockMode: t('ecwid.stock.label', 'Stock in Ecwid'),
    customerScope: t('ecwid.customers.label', 'Customers sent'),
    syncIntervalMinutes: t('ecwid.interval.label', 'Incremental sync every (minutes)'),
    send: t('ecwid.send.label', 'What to send'),
  };
  const act = async (kind: NonNullable<typeof busy>, fn: () => Promise<void>) => {
    setBusy(kind);
    try {
      await fn();
    } catch (e) {
      const refused = preconditionsOf(e);
      if (refused) setChecks(refused);
      toggleNotification({ type: 'danger', message: withFieldLabel(errorMessage(e), settingLabel) });
    } finally {
      if (mounted.current) setBusy(null);
    }
  };

  const intervalMinutes = Number(interval);
  const intervalValid = Number.isInteger(intervalMinutes) && intervalMinutes >= 1 && intervalMinutes <= 1440;

  const save = () =>
    act('save', async () => {
      const res = await put<{ data: EcwidSettings }>(`/${PLUGIN_ID}/ecwid/settings`, {
        storeCode: storeCode.trim() || null,
        sharedCategoryIds: sharedIds.length > 0 ? sharedIds : null,
        priceField: 'priceCents',
        stockMode,
        customerScope,
        syncIntervalMinutes: intervalMinutes,
      });
      applySettings(res.data.data);
      await loadChecks();
      toggleNotification({ type: 'success', message: t('ecwid.settings.saved', 'Ecwid settings saved.') });
    });

  /** Ticking a box saves the choice, so the preconditions are checked against what will be sent. */
  const toggleSend = (key: keyof SendChoice, checked: boolean) =>
    act('check', async () => {
      const next = { ...send, [key]: checked };
      setSend(next);
      const res = await put<{ data: EcwidSettings }>(`/${PLUGIN_ID}/ecwid/settings`, { send: next });
      setSettings(res.data.data);
      await loadChecks();
    });

  const recheck = () => act('check', loadChecks);

  const setup = () =>
    act('setup', async () => {
      const res = await post<{ data: SyncRunView | null }>(`/${PLUGIN_ID}/ecwid/setup`, { send });
      setReport(null);
      setShowResult(true);
      if (res.data.data) setRun(res.data.data);
      else await loadLatestRun();
      finishedRef.current?.();
    });

  const validate = () =>
    act('validate', async () => {
      const res = await get<{ data: ValidationReport }>(`/${PLUGIN_ID}/ecwid/validate`);
      setReport(res.data.data);
    });

  if (loadFailed)
    return (
      <Alert variant="danger" title={t('ecwid.loadFailed', 'The Ecwid setup could not be loaded')} closeLabel="">
        {loadFailed}
      </Alert>
    );
  if (!settings || !checks || !choices)
    return <Typography>{t('ecwid.loading', 'Loading the Ecwid setup…')}</Typography>;

  const counts = run?.counts ?? {};
  const percent = Math.max(0, Math.min(100, Number(counts.percent ?? 0)));
  const eta = Number(counts.etaSeconds ?? 0);
  const etaText =
    eta >= 60
      ? t('ecwid.progress.etaMinutes', 'about {minutes} min {seconds} s left', {
          minutes: Math.floor(eta / 60),
          seconds: eta % 60,
        })
      : t('ecwid.progress.etaSeconds', 'about {seconds} s left', { seconds: eta });
  const perEntity = (source: Record<string, number>) =>
    [
      ...new Set(
        Object.keys(source)
          .filter((k) => k.includes('.'))
          .map((k) => k.split('.')[0])
      ),
    ].map((entity) => ({
      entity,
      text: RESULTS.filter((r) => source[`${entity}.${r}`])
        .map((r) =>
          t('run.summary.part', '{count} {what}', { count: source[`${entity}.${r}`], what: countLabel(t, r) })
        )
        .join(', '),
    }));
  /** A count key's entity ("products", "images", "stock"…) as the page names it. */
  const entityTitle = (entity: string) => t(`ecwid.entity.${entity}`, entity.charAt(0).toUpperCase() + entity.slice(1));

  const { failed: failedItems, skipped: skippedItems } = splitItems(run?.failures);
  const reason = run ? failureReason(t, run) : null;
  const resultTitle: Record<string, string> = {
    done: skippedItems.length
      ? t(
          'ecwid.result.doneSkipped',
          'Setup finished: everything was sent; {skipped, plural, one {# item was} other {# items were}} skipped on purpose',
          {
            skipped: skippedItems.length,
          }
        )
      : t('ecwid.result.done', 'Setup finished: everything was sent'),
    partial: t(
      'ecwid.result.partialReason',
      'Sync failed for {count, plural, one {# item} other {# items}}: {reason}',
      {
        count: failedItems.length,
        reason: reason ?? '',
      }
    ),
    failed: t('ecwid.result.failedReason', 'Sync failed: {reason}', { reason: reason ?? '' }),
  };
  const statusText: Record<string, string> = {
    running: t('ecwid.status.running', 'Running'),
    done: t('ecwid.status.done', 'Done'),
    partial: t('ecwid.status.partial', 'Partly done'),
    failed: t('ecwid.status.failed', 'Failed'),
  };
  const sendLabel: Record<(typeof SEND_KEYS)[number], string> = {
    products: t('ecwid.send.products', 'Products'),
    images: t('ecwid.send.images', 'Product images'),
    categories: t('ecwid.send.categories', 'Categories (classifications)'),
    coupons: t('ecwid.send.coupons', 'Discounts and promotions (as Ecwid discount coupons)'),
    customers: t('ecwid.send.customers', 'Customers'),
  };
  const entityNames: Record<EntityName, string> = {
    products: t('ecwid.entity.products', 'Products'),
    categories: t('ecwid.entity.categories', 'Categories'),
    coupons: t('ecwid.entity.coupons', 'Coupons'),
    customers: t('ecwid.entity.customers', 'Customers'),
  };
  /** The validation report's field keys and the Ecwid values it quotes, in words. */
  const reportField: Record<string, string> = {
    name: t('ecwid.field.name', 'Name'),
    price: t('ecwid.field.price', 'Price'),
    enabled: t('ecwid.field.enabled', 'Shown in the store'),
    unlimited: t('ecwid.field.unlimited', 'Unlimited stock'),
    stock: t('ecwid.field.stock', 'Stock'),
    categories: t('ecwid.field.categories', 'Categories'),
    discountType: t('ecwid.field.discountType', 'Discount type'),
    discount: t('ecwid.field.discount', 'Discount'),
    status: t('ecwid.field.status', 'Status'),
    usesLimit: t('ecwid.field.usesLimit', 'Uses allowed'),
    acceptMarketing: t('ecwid.field.acceptMarketing', 'Accepts marketing'),
  };
  const reportValue: Record<string, string> = {
    ONCEPERCUSTOMER: t('ecwid.value.ONCEPERCUSTOMER', 'Once per customer'),
    SINGLE: t('ecwid.value.SINGLE', 'Once in all'),
    UNLIMITED: t('ecwid.value.UNLIMITED', 'No limit'),
    PERCENT: t('ecwid.value.PERCENT', 'Percentage'),
    ABS: t('ecwid.value.ABS', 'Fixed amount'),
    ACTIVE: t('ecwid.value.ACTIVE', 'Active'),
    PAUSED: t('ecwid.value.PAUSED', 'Paused'),
    true: t('ecwid.value.true', 'Yes'),
    false: t('ecwid.value.false', 'No'),
  };
  const wordedFields = new Set(['enabled', 'unlimited', 'discountType', 'status', 'usesLimit', 'acceptMarketing']);
  const showValue = (field: string, value: unknown) =>
    (wordedFields.has(field) ? reportValue[String(value)] : undefined) ?? show(value);
  const itemRows = (items: typeof failedItems, skipped: boolean) =>
    items.map((f, i) => ({
      key: `${f.entity}|${f.ref}|${i}`,
      cells: [
        t('ecwid.item', '{entity} {ref}', { entity: sentence(entityLabel(t, f.entity)), ref: f.label ?? f.ref }),
        skipped ? skipReason(f.reason) : plainReason(t, { provider: 'ecwid' }, f.reason).words,
      ],
    }));
  const finished = run && run.status !== 'running';

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {finished && showResult ? (
        <Notice
          variant={run.status === 'done' ? 'success' : 'danger'}
          title={resultTitle[run.status] ?? run.status}
          closeLabel={t('ecwid.close', 'Close')}
          onClose={() => setShowResult(false)}
        >
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography>{runSummary(t, counts)}</Typography>
            {failedItems.length || skippedItems.length ? (
              <Typography>
                {t(
                  'ecwid.result.failedSkipped',
                  '{failed} failed (they are sent again by the next sync or by Retry); {skipped} skipped on purpose (not failures). Both lists are under “4. Progress and result”.',
                  { failed: failedItems.length, skipped: skippedItems.length }
                )}
              </Typography>
            ) : null}
            {run.finishedAt ? (
              <Typography variant="pi" textColor="neutral600">
                {t('ecwid.result.whenBy', 'Started by {who}, finished {when}.', {
                  who: run.startedBy ?? '—',
                  when: new Date(run.finishedAt).toLocaleString(),
                })}
              </Typography>
            ) : null}
          </Flex>
        </Notice>
      ) : null}

      <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Typography variant="delta" tag="h2">
            {t('ecwid.step.preconditions', 'Before anything is sent: what is missing')}
          </Typography>
          {checks.ready ? (
            <Notice variant="success" title={t('ecwid.ready.title', 'Ready')}>
              <Typography>
                {t('ecwid.ready.body', 'The catalog is loaded and a register holds a valid licence.')}
              </Typography>
            </Notice>
          ) : (
            <Notice variant="danger" title={t('ecwid.problems.title', 'Not ready: fix these first')}>
              <Box tag="ul" paddingLeft={4} margin={0}>
                {(checks.details?.length
                  ? checks.details
                  : checks.problems.map((message) => ({ code: message, message, fixAt: [] }))
                ).map((problem) => (
                  <Box key={problem.code} tag="li" paddingBottom={2}>
                    <Flex direction="column" alignItems="flex-start" gap={2}>
                      <Typography>{problem.message}</Typography>
                      {problem.fixAt.length ? (
                        <Flex gap={2} wrap="wrap">
                          {problem.fixAt.map((link) => (
                            <LinkButton key={link.to} tag={NavLink} to={link.to} variant="secondary" size="S">
                              {t('ecwid.problem.fixAt', 'Fix it: {where}', { where: link.label })}
                            </LinkButton>
                          ))}
                        </Flex>
                      ) : null}
                    </Flex>
                  </Box>
                ))}
              </Box>
            </Notice>
          )}
          <Box>
            <Button variant="tertiary" onClick={recheck} loading={busy === 'check'} disabled={busy !== null}>
              {t('ecwid.recheck', 'Check again')}
            </Button>
          </Box>
        </Flex>
      </Box>

      <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h2">
            {t('ecwid.step.configure', '2. Inventory configuration')}
          </Typography>
          <Grid.Root gap={4}>
            <Grid.Item col={6} s={12}>
              <Field.Root
                name="ecwid-store"
                width="100%"
                hint={t(
                  'ecwid.store.hintPicker',
                  'Its stock levels become the quantities in Ecwid (needed when stock is tracked)'
                )}
              >
                <Field.Label>{t('ecwid.store.label', 'Store whose stock feeds Ecwid')}</Field.Label>
                <SingleSelect
                  value={storeCode || undefined}
                  placeholder={t('ecwid.store.placeholder', 'Choose a store')}
                  onChange={(v: string | number) => setStoreCode(String(v))}
                >
                  {choices.stores.map((store) => (
                    <SingleSelectOption key={store.code} value={store.code}>
                      {t('ecwid.store.option', '{name} ({code})', { name: store.name, code: store.code })}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} s={12}>
              <Field.Root
                name="ecwid-price"
                width="100%"
                hint={t('ecwid.price.hint', 'The price each product has in CAS, in its store’s currency')}
              >
                <Field.Label>{t('ecwid.price.label', 'Price sent to Ecwid')}</Field.Label>
                <SingleSelect value="priceCents" onChange={() => undefined}>
                  <SingleSelectOption value="priceCents">
                    {t('ecwid.price.priceCents', 'Product price in CAS')}
                  </SingleSelectOption>
                </SingleSelect>
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} s={12}>
              <Flex direction="column" alignItems="flex-start" gap={2}>
                <Typography variant="pi" fontWeight="bold" id="ecwid-stock-mode">
                  {t('ecwid.stock.label', 'Stock in Ecwid')}
                </Typography>
                <Radio.Group
                  aria-labelledby="ecwid-stock-mode"
                  value={stockMode}
                  onValueChange={(v: string) => setStockMode(v as EcwidSettings['stockMode'])}
                >
                  <Radio.Item value="tracked">
                    {t('ecwid.stock.tracked', 'Tracked: quantities follow the store’s stock')}
                  </Radio.Item>
                  <Radio.Item value="unlimited">{t('ecwid.stock.unlimited', 'Unlimited: always available')}</Radio.Item>
                </Radio.Group>
              </Flex>
            </Grid.Item>
            <Grid.Item col={6} s={12}>
              <Flex direction="column" alignItems="flex-start" gap={2}>
                <Typography variant="pi" fontWeight="bold" id="ecwid-customer-scope">
                  {t('ecwid.customers.label', 'Customers sent')}
                </Typography>
                <Radio.Group
                  aria-labelledby="ecwid-customer-scope"
                  value={customerScope}
                  onValueChange={(v: string) => setCustomerScope(v as EcwidSettings['customerScope'])}
                >
                  <Radio.Item value="consenting">
                    {t('ecwid.customers.consenting', 'Only customers who accept marketing')}
                  </Radio.Item>
                  <Radio.Item value="all">{t('ecwid.customers.all', 'All customers')}</Radio.Item>
                </Radio.Group>
              </Flex>
            </Grid.Item>
            <Grid.Item col={6} s={12}>
              <Field.Root
                name="ecwid-interval"
                width="100%"
                hint={t('ecwid.interval.hint', 'How often changes are sent after setup (1 to 1440)')}
                error={intervalValid ? undefined : t('ecwid.interval.invalid', 'Enter a whole number from 1 to 1440')}
              >
                <Field.Label>{t('ecwid.interval.label', 'Incremental sync every (minutes)')}</Field.Label>
                <Field.Input
                  type="number"
                  value={interval}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) => setIntervalMinutes(e.target.value)}
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={12} s={12}>
              <Flex direction="column" alignItems="stretch" gap={1} width="100%">
                <Typography variant="pi" fontWeight="bold" id={categoriesLabelId} tag="label">
                  {t('ecwid.categories.label', 'Shared classifications')}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {t(
                    'ecwid.categories.hintTree',
                    'Tick the classifications whose products Ecwid shows; ticking one shares everything inside it.'
                  )}
                </Typography>
                <CategoryTreePicker
                  categories={choices.categories}
                  value={sharedIds}
                  onChange={setSharedIds}
                  disabled={busy !== null || running}
                  labelId={categoriesLabelId}
                />
              </Flex>
            </Grid.Item>
          </Grid.Root>
          <Box>
            <Button onClick={save} loading={busy === 'save'} disabled={busy !== null || running || !intervalValid}>
              {t('ecwid.settings.save', 'Save settings')}
            </Button>
          </Box>
        </Flex>
      </Box>

      <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h2">
            {t('ecwid.step.send', '3. Choose what to send')}
          </Typography>
          <Flex direction="column" alignItems="flex-start" gap={2}>
            {SEND_KEYS.map((key) => (
              <Box key={key} paddingLeft={key === 'images' ? 6 : 0}>
                <Checkbox
                  checked={send[key]}
                  disabled={busy !== null || running || (key === 'images' && !send.products)}
                  onCheckedChange={(checked: boolean | 'indeterminate') => toggleSend(key, checked === true)}
                >
                  {sendLabel[key]}
                </Checkbox>
              </Box>
            ))}
          </Flex>
          {settings.lastPushAt ? (
            <Typography variant="pi" textColor="neutral600">
              {t('ecwid.lastPush', 'Last complete push: {when}. Setting up again sends only what changed.', {
                when: new Date(settings.lastPushAt).toLocaleString(),
              })}
            </Typography>
          ) : null}
          <Box>
            <Button
              onClick={setup}
              loading={busy === 'setup'}
              disabled={busy !== null || running || !checks.ready || !SEND_KEYS.some((k) => send[k])}
            >
              {t('ecwid.setup', 'Setup')}
            </Button>
          </Box>
        </Flex>
      </Box>

      <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h2">
            {t('ecwid.step.progress', '4. Progress and result')}
          </Typography>
          {run ? (
            <Flex direction="column" alignItems="stretch" gap={2}>
              <Flex gap={2}>
                <Typography fontWeight="bold">{t('ecwid.progress.label', 'Latest setup run:')}</Typography>
                <Badge active={run.status === 'done'}>{statusText[run.status] ?? run.status}</Badge>
              </Flex>
              {running ? (
                <>
                  {/* the design system's bar draws the value but does not expose it: aria-valuenow says it */}
                  <ProgressBar
                    value={percent}
                    aria-valuenow={percent}
                    aria-valuetext={`${percent}%`}
                    aria-label={t('ecwid.progress.aria', 'Setup progress')}
                  />
                  <Typography aria-live="polite">
                    {t('ecwid.progress.text', '{percent}% — {processed} of {total} items', {
                      percent,
                      processed: run.processed ?? 0,
                      total: run.total ?? 0,
                    })}
                    {run.processed ? ` — ${etaText}` : ''}
                  </Typography>
                </>
              ) : null}
              {perEntity(counts).map(({ entity, text }) =>
                text ? (
                  <Typography key={entity} variant="pi">
                    {t('ecwid.progress.entity', '{entity}: {text}', { entity: entityTitle(entity), text })}
                  </Typography>
                ) : null
              )}
              {finished && failedItems.length > 0 ? (
                <Box paddingTop={2}>
                  <Typography fontWeight="bold" tag="h3">
                    {t('ecwid.failed.title', 'Failed: {count}', { count: failedItems.length })}
                  </Typography>
                  <DataTable
                    wrap
                    label={t('ecwid.failed.title', 'Failed: {count}', { count: failedItems.length })}
                    headers={[t('ecwid.failures.ref', 'Item'), t('ecwid.failures.reason', 'Reason')]}
                    rows={itemRows(failedItems, false)}
                  />
                </Box>
              ) : null}
              {finished && skippedItems.length > 0 ? (
                <Box paddingTop={2}>
                  <Typography fontWeight="bold" tag="h3">
                    {t('ecwid.skipped.title', 'Skipped on purpose (not failures): {count}', {
                      count: skippedItems.length,
                    })}
                  </Typography>
                  <DataTable
                    wrap
                    label={t('ecwid.skipped.title', 'Skipped on purpose (not failures): {count}', {
                      count: skippedItems.length,
                    })}
                    headers={[t('ecwid.failures.ref', 'Item'), t('ecwid.skipped.reason', 'Why it was skipped')]}
                    rows={itemRows(skippedItems, true)}
                  />
                </Box>
              ) : null}
            </Flex>
          ) : (
            <Typography textColor="neutral600">{t('ecwid.progress.none', 'No setup has run yet.')}</Typography>
          )}
        </Flex>
      </Box>

      <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h2">
            {t('ecwid.step.validate', '5. Validate the online store against CAS')}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {t('ecwid.validate.hint', 'Reads the store back from Ecwid and compares it with CAS. Nothing is written.')}
          </Typography>
          <Box>
            <Button variant="secondary" onClick={validate} loading={busy === 'validate'} disabled={busy !== null}>
              {t('ecwid.validate', 'Validate')}
            </Button>
          </Box>
          {report ? (
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Alert
                variant={report.inStep ? 'success' : 'warning'}
                title={
                  report.inStep
                    ? t('ecwid.validate.inStep', 'Ecwid matches CAS')
                    : t('ecwid.validate.differences', 'Ecwid differs from CAS')
                }
                closeLabel={t('ecwid.close', 'Close')}
                onClose={() => setReport(null)}
              >
                {t('ecwid.validate.generated', 'Checked {when}.', {
                  when: new Date(report.generatedAt).toLocaleString(),
                })}
              </Alert>
              <DataTable
                headers={[
                  t('ecwid.report.entity', 'Entity'),
                  t('ecwid.report.cas', 'In CAS'),
                  t('ecwid.report.ecwid', 'In Ecwid'),
                  t('ecwid.report.missing', 'Missing in Ecwid'),
                  t('ecwid.report.onlyInEcwid', 'Only in Ecwid'),
                  t('ecwid.report.differences', 'Field differences'),
                ]}
                rows={ENTITIES.map((name) => {
                  const r = report.entities[name];
                  return {
                    key: name,
                    cells: [
                      entityNames[name],
                      r.cas,
                      r.ecwid,
                      r.missingInEcwid.length,
                      r.onlyInEcwid.length,
                      r.differences.length,
                    ],
                  };
                })}
              />
              {ENTITIES.map((name) => {
                const r = report.entities[name];
                if (!r.missingInEcwid.length && !r.onlyInEcwid.length && !r.differences.length) return null;
                return (
                  <Flex key={name} direction="column" alignItems="stretch" gap={2}>
                    <Typography variant="omega" fontWeight="bold" tag="h3">
                      {entityNames[name]}
                    </Typography>
                    {r.missingInEcwid.length ? (
                      <Typography variant="pi">
                        {t('ecwid.report.missingList', 'Missing in Ecwid: {list}', {
                          list: r.missingInEcwid.join(', '),
                        })}
                      </Typography>
                    ) : null}
                    {r.onlyInEcwid.length ? (
                      <Typography variant="pi">
                        {t('ecwid.report.onlyList', 'Only in Ecwid: {list}', { list: r.onlyInEcwid.join(', ') })}
                      </Typography>
                    ) : null}
                    {r.differences.length ? (
                      <DataTable
                        headers={[
                          t('ecwid.report.key', 'Item'),
                          t('ecwid.report.field', 'Field'),
                          t('ecwid.report.casValue', 'CAS'),
                          t('ecwid.report.ecwidValue', 'Ecwid'),
                        ]}
                        rows={r.differences.map((d) => ({
                          key: `${d.key}|${d.field}`,
                          cells: [
                            d.key,
                            reportField[d.field] ?? d.field,
                            showValue(d.field, d.cas),
                            showValue(d.field, d.ecwid),
                          ],
                        }))}
                      />
                    ) : null}
                  </Flex>
                );
              })}
            </Flex>
          ) : null}
        </Flex>
      </Box>
    </Flex>
  );
};

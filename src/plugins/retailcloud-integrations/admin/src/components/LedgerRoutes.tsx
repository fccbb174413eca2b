import {
  Badge,
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import type { LedgerRoutesView } from '../../../contracts/connections';
import { PLUGIN_ID } from '../pluginId';
import { errorMessage } from '../utils/errorMessage';
import { getTranslation } from '../utils/getTranslation';
import { DataTable } from './DataTable';

/** The picker's value for "no ledger" (a store posted nowhere). */
const NONE = 'none';

/**
 * Several ledgers: the provider's connected organisations (which one the page below looks at), and which one each
 * store posts to, chosen with a picker. Another organisation is connected from here; each is disconnected on its own.
 */
export const LedgerRoutes = ({
  provider,
  ledger,
  onLedger,
  refreshKey = 0,
}: {
  provider: string;
  /** the connection the accounting panel looks at */
  ledger: number | undefined;
  onLedger: (id: number | undefined) => void;
  refreshKey?: number;
}) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get, put, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [view, setView] = useState<LedgerRoutesView | null>(null);
  const [busy, setBusy] = useState(false);

  const base = `/${PLUGIN_ID}/accounting/${provider}/routes`;
  const load = useCallback(async () => {
    const res = await get<{ data: LedgerRoutesView }>(base);
    setView(res.data.data);
  }, [get, base]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the caller's signal to reload
  useEffect(() => {
    load().catch((e) => toggleNotification({ type: 'danger', message: errorMessage(e) }));
  }, [load, toggleNotification, refreshKey]);

  const usable = (view?.connections ?? []).filter((c) => c.status !== 'disconnected');
  // the page looks at a ledger in use: the one chosen, else the first
  useEffect(() => {
    if (!view) return;
    if (ledger === undefined || !usable.some((c) => c.id === ledger)) onLedger(usable[0]?.id);
  }, [view, ledger, usable, onLedger]);

  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  if (!view) return null;

  const route = (store: string, value: string) =>
    act(async () => {
      const res = await put<{ data: LedgerRoutesView }>(`${base}/${encodeURIComponent(store)}`, {
        connection: value === NONE ? null : Number(value),
      });
      setView(res.data.data);
    });
  const connectAnother = () =>
    act(async () => {
      const res = await post<{ data: { authorizeUrl: string } }>(`/${PLUGIN_ID}/connections/${provider}/connect`, {});
      window.location.assign(res.data.data.authorizeUrl);
    });
  const disconnect = (id: number) =>
    act(async () => {
      await post(`/${PLUGIN_ID}/connections/${provider}/${id}/disconnect`, {});
      await load();
    });

  const statusWords = (status: string) =>
    status === 'connected' ? t('ledgers.connected', 'connected') : t(`status.${status}`, status.replace('_', ' '));

  return (
    <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {t('ledgers.title', 'Ledgers and stores')}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {t(
            'ledgers.help',
            'Each store posts its days to one {name} organisation. A store with no ledger is not posted.',
            { name: view.providerName }
          )}
        </Typography>
        <Flex gap={4} alignItems="flex-end" wrap="wrap">
          <Field.Root name="ledger" width="320px">
            <Field.Label>{t('ledgers.showing', 'Ledger shown below')}</Field.Label>
            <SingleSelect
              value={ledger === undefined ? '' : String(ledger)}
              onChange={(v: string | number) => onLedger(Number(v))}
            >
              {usable.map((c) => (
                <SingleSelectOption key={c.id} value={String(c.id)}>
                  {c.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
          <Button variant="secondary" onClick={connectAnother} loading={busy}>
            {t('ledgers.connectAnother', 'Connect another {name} organisation', { name: view.providerName })}
          </Button>
        </Flex>
        <Flex gap={2} wrap="wrap">
          {view.connections.map((c) => (
            <Flex key={c.id} gap={2} paddingRight={4} alignItems="center">
              <Badge active={c.status === 'connected'}>{`${c.name} · ${statusWords(c.status)}`}</Badge>
              <Typography variant="pi" textColor="neutral600">
                {t('ledgers.storeCount', '{count, plural, one {# store} other {# stores}}', { count: c.stores })}
              </Typography>
              {c.status !== 'disconnected' && usable.length > 1 ? (
                <Dialog.Root>
                  <Dialog.Trigger>
                    <Button variant="danger-light" size="S" disabled={busy}>
                      {t('ledgers.disconnect', 'Disconnect')}
                    </Button>
                  </Dialog.Trigger>
                  <Dialog.Content>
                    <Dialog.Header>
                      {t('ledgers.disconnectTitle', 'Disconnect {name}?', { name: c.name })}
                    </Dialog.Header>
                    <Dialog.Body>
                      <Typography>
                        {t(
                          'ledgers.disconnectBody',
                          'Its {count} store(s) are not posted until you connect it again or choose another ledger for them. The other ledgers go on posting.',
                          { count: c.stores }
                        )}
                      </Typography>
                    </Dialog.Body>
                    <Dialog.Footer>
                      <Dialog.Cancel>
                        <Button variant="tertiary">{t('cancel', 'Cancel')}</Button>
                      </Dialog.Cancel>
                      <Dialog.Action>
                        <Button variant="danger" onClick={() => disconnect(c.id)}>
                          {t('disconnect.confirm', 'Disconnect')}
                        </Button>
                      </Dialog.Action>
                    </Dialog.Footer>
                  </Dialog.Content>
                </Dialog.Root>
              ) : null}
            </Flex>
          ))}
        </Flex>
        <DataTable
          headers={[
            t('ledgers.store', 'Store'),
            t('ledgers.currency', 'Currency'),
            t('ledgers.ledger', 'Posts to'),
            t('ledgers.note', 'Note'),
          ]}
          rows={view.stores.map((s) => ({
            key: s.storeCode,
            cells: [
              `${s.storeName} (${s.storeCode})`,
              s.currency ?? '',
              <SingleSelect
                key="ledger"
                aria-label={t('ledgers.pick', 'Ledger for {store}', { store: `${s.storeName} (${s.storeCode})` })}
                size="S"
                value={s.connectionId === null ? NONE : String(s.connectionId)}
                disabled={busy}
                onChange={(v: string | number) => route(s.storeCode, String(v))}
              >
                <SingleSelectOption value={NONE}>{t('ledgers.none', 'No ledger (not posted)')}</SingleSelectOption>
                {view.connections
                  .filter((c) => c.status !== 'disconnected' || c.id === s.connectionId)
                  .map((c) => (
                    <SingleSelectOption key={c.id} value={String(c.id)} disabled={c.status === 'disconnected'}>
                      {c.name}
                    </SingleSelectOption>
                  ))}
              </SingleSelect>,
              s.note ? (
                <Typography key="note" textColor="danger600">
                  {s.note}
                </Typography>
              ) : (
                ''
              ),
            ],
          }))}
        />
      </Flex>
    </Box>
  );
};

/** The overview's lines for a ledger provider: which organisation each store posts to, and the stores posted nowhere. */
export const LedgerRoutesSummary = ({ ledgers }: { ledgers: LedgerRoutesView }) => {
  const { formatMessage } = useIntl();
  // nothing to say while no ledger of the provider is connected (the card says "not connected")
  if (ledgers.stores.length === 0 || ledgers.connections.every((c) => c.status === 'disconnected')) return null;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} tag="ul" aria-label={`${ledgers.providerName} ledgers`}>
      {ledgers.stores.map((s) => (
        <Typography key={s.storeCode} variant="pi" tag="li" textColor={s.note ? 'danger600' : 'neutral600'}>
          {formatMessage(
            { id: getTranslation('ledgers.route'), defaultMessage: '{store} → {ledger}' },
            {
              store: s.storeName,
              ledger: s.note && !s.ledgerName ? s.note : `${s.ledgerName}${s.note ? ` (${s.note})` : ''}`,
            }
          )}
        </Typography>
      ))}
    </Flex>
  );
};

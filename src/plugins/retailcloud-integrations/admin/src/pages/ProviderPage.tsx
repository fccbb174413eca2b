import { Alert, Badge, Box, Button, Dialog, Field, Flex, Link, Radio, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { Fragment, useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { useParams, useSearchParams } from 'react-router-dom';
import type { AdminAddressMeta, ConnectionView } from '../../../contracts/connections';
import type { PanelKind, ProviderDescriptor } from '../../../contracts/providers';
import { AccountingPanel } from '../components/AccountingPanel';
import { AddressWarning, onOtherAddress } from '../components/AddressWarning';
import { DailySalesReport } from '../components/DailySalesReport';
import { EcwidPanel } from '../components/EcwidPanel';
import { LedgerRoutes } from '../components/LedgerRoutes';
import { MailchimpPanel } from '../components/MailchimpPanel';
import { SyncHistory } from '../components/SyncHistory';
import { PLUGIN_ID } from '../pluginId';
import { errorMessage } from '../utils/errorMessage';
import { getTranslation } from '../utils/getTranslation';
import { isForbidden } from '../utils/isForbidden';

type ProviderInfo = ProviderDescriptor<ConnectionView>;

const ProviderPage = () => {
  const { formatMessage, messages } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const [params, setParams] = useSearchParams();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { provider } = useParams<{ provider: string }>();
  const [info, setInfo] = useState<ProviderInfo | null>(null);
  const [publicUrl, setPublicUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [apiKey, setApiKey] = useState('');
  const [tenant, setTenant] = useState<string>('');
  const [historyKey, setHistoryKey] = useState(0);
  const [panelKey, setPanelKey] = useState(0);
  const [ledger, setLedger] = useState<number | undefined>(undefined);
  const [loadError, setLoadError] = useState<'forbidden' | 'failed' | null>(null);

  const load = useCallback(async () => {
    const res = await get<{ data: ProviderInfo[]; meta?: Partial<AdminAddressMeta> }>(`/${PLUGIN_ID}/providers`);
    setPublicUrl(res.data.meta?.publicUrl ?? null);
    const found = res.data.data.find((p) => p.provider === provider);
    if (!found) throw new Error(`no provider ${provider}`);
    setInfo(found);
  }, [get, provider]);

  useEffect(() => {
    load().catch((e: unknown) => setLoadError(isForbidden(e) ? 'forbidden' : 'failed'));
  }, [load]);

  if (loadError === 'forbidden') return <Page.NoPermissions />;
  if (!provider || loadError) return <Page.Error />;
  if (!info) return <Page.Loading />;

  const connection = info.connection;
  const status = connection?.status ?? 'disconnected';
  const result = params.get('result');
  const message = params.get('message');

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

  const connect = () =>
    act(async () => {
      const res = await post<{ data: { authorizeUrl: string } }>(`/${PLUGIN_ID}/connections/${provider}/connect`, {});
      window.location.assign(res.data.data.authorizeUrl);
    });
  const chooseTenant = () =>
    act(async () => {
      await post(`/${PLUGIN_ID}/connections/${provider}/${connection?.id}/tenant`, { tenantId: tenant });
      setParams({});
      await load();
    });
  const connectApiKey = () =>
    act(async () => {
      await post(`/${PLUGIN_ID}/connections/${provider}/api-key`, { apiKey });
      setApiKey('');
      toggleNotification({
        type: 'success',
        message: t('connect.apiKeyOk', '{name} accepted the API key.', { name: info.name }),
      });
      await load();
    });
  const disconnect = () =>
    act(async () => {
      await post(`/${PLUGIN_ID}/connections/${provider}/${connection?.id}/disconnect`, {});
      setParams({});
      await load();
    });

  // What stays in CAS after a disconnect, in the provider's own terms (the confirmation says it before anyone agrees).
  const disconnectKeeps = t(`disconnect.keeps.${provider}`, info.admin.keepsOnDisconnect);

  // where the provider shows its API keys, when the translations say it
  const apiKeyHintId = getTranslation(`apiKey.hint.${provider}`);
  const apiKeyHint = messages[apiKeyHintId] ? formatMessage({ id: apiKeyHintId }) : undefined;

  const refreshHistory = () => setHistoryKey((k) => k + 1);
  const connected = status === 'connected';
  // One component per panel kind, whatever the provider: the provider module says which panels its page shows.
  const panel = (kind: PanelKind) => {
    switch (kind) {
      case 'accounting':
        // a ledger needs its organisation chosen before accounts can be mapped
        return connection?.accountId ? (
          <Fragment key={kind}>
            <LedgerRoutes provider={provider} ledger={ledger} onLedger={setLedger} refreshKey={panelKey} />
            {ledger !== undefined ? (
              <AccountingPanel
                key={ledger}
                provider={provider}
                connectionId={ledger}
                onPosted={refreshHistory}
                refreshKey={panelKey}
              />
            ) : null}
            <DailySalesReport provider={provider} />
          </Fragment>
        ) : null;
      case 'catalog':
        return <EcwidPanel key={`${kind}-${panelKey}`} onRunFinished={refreshHistory} />;
      case 'audience':
        return <MailchimpPanel key={`${kind}-${panelKey}`} onSynced={refreshHistory} />;
      default:
        return null;
    }
  };

  const statusLabel =
    status === 'connected'
      ? connection?.accountId
        ? t('status.connected', 'Connected to {name}', { name: connection?.accountName ?? connection?.accountId ?? '' })
        : t('status.chooseOrganisation', 'Choose an organisation')
      : t(`status.${status}`, status);

  return (
    <Page.Main>
      <Page.Title>{info.name}</Page.Title>
      <Layouts.Header
        title={info.name}
        subtitle={
          info.mode === 'sandbox'
            ? t('mode.sandbox', 'Using the local sandbox (no real account is touched).')
            : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {result && message ? (
            <Alert
              variant={result === 'error' ? 'danger' : 'success'}
              title={result === 'error' ? t('result.error', 'Not connected') : t('result.ok', 'Done')}
              closeLabel={t('close', 'Close')}
              onClose={() => setParams({})}
            >
              {message}
            </Alert>
          ) : null}
          {status !== 'connected' && publicUrl && onOtherAddress(publicUrl) ? (
            <AddressWarning publicUrl={publicUrl} />
          ) : null}
          <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
            <Flex direction="column" alignItems="flex-start" gap={3}>
              <Typography variant="delta" tag="h2">
                {t('step.connect', '1. Connect')}
              </Typography>
              <Flex gap={2}>
                <Typography>{t('status.label', 'Status:')}</Typography>
                <Badge active={status === 'connected'}>{statusLabel}</Badge>
              </Flex>
              {connection?.connectedBy ? (
                <Typography variant="pi" textColor="neutral600">
                  {t('connectedBy', 'Connected by {who} on {when}', {
                    who: connection.connectedBy,
                    when: connection.connectedAt ? new Date(connection.connectedAt).toLocaleString() : '',
                  })}
                </Typography>
              ) : null}
              {connection?.lastError ? (
                <Typography variant="pi" textColor={status === 'needs_reauth' ? 'danger600' : 'neutral600'}>
                  {connection.lastError}
                </Typography>
              ) : null}

              {connection && connection.tenantChoices.length > 0 ? (
                <Flex direction="column" alignItems="flex-start" gap={2}>
                  <Radio.Group
                    aria-label={t('tenant.label', 'Organisation for this store')}
                    value={tenant}
                    onValueChange={(v: string) => setTenant(v)}
                  >
                    {connection.tenantChoices.map((c) => (
                      <Radio.Item key={c.tenantId} value={c.tenantId}>
                        {c.tenantName}
                      </Radio.Item>
                    ))}
                  </Radio.Group>
                  <Button onClick={chooseTenant} disabled={!tenant || busy}>
                    {t('tenant.use', 'Use this organisation')}
                  </Button>
                </Flex>
              ) : null}

              {status !== 'connected' ? (
                <Flex gap={3}>
                  <Button onClick={connect} loading={busy} disabled={info.mode === 'unavailable'}>
                    {status === 'needs_reauth'
                      ? t('connect.again', 'Reconnect to {name}', { name: info.name })
                      : t('connect.start', 'Connect to {name}', { name: info.name })}
                  </Button>
                  <Link href={info.signUpUrl} isExternal>
                    {t('signUp', 'No account? Sign up at {name}', { name: info.name })}
                  </Link>
                </Flex>
              ) : (
                <Dialog.Root>
                  <Dialog.Trigger>
                    <Button variant="danger-light" disabled={busy}>
                      {t('disconnect', 'Disconnect')}
                    </Button>
                  </Dialog.Trigger>
                  <Dialog.Content>
                    <Dialog.Header>
                      {t('disconnect.title', 'Disconnect {name}?', { name: connection?.accountName ?? info.name })}
                    </Dialog.Header>
                    <Dialog.Body>
                      <Flex direction="column" alignItems="flex-start" gap={2}>
                        <Typography>
                          {t(
                            'disconnect.body',
                            'Access is revoked at {name} and the stored tokens are deleted; your data at {name} is not touched.',
                            { name: info.name }
                          )}
                        </Typography>
                        <Typography>{disconnectKeeps}</Typography>
                      </Flex>
                    </Dialog.Body>
                    <Dialog.Footer>
                      <Dialog.Cancel>
                        <Button variant="tertiary">{t('cancel', 'Cancel')}</Button>
                      </Dialog.Cancel>
                      <Dialog.Action>
                        <Button variant="danger" onClick={disconnect}>
                          {t('disconnect.confirm', 'Disconnect')}
                        </Button>
                      </Dialog.Action>
                    </Dialog.Footer>
                  </Dialog.Content>
                </Dialog.Root>
              )}

              {info.supportsApiKey && status !== 'connected' ? (
                <Flex direction="column" alignItems="flex-start" gap={2} paddingTop={4}>
                  <Field.Root name="apiKey" hint={apiKeyHint}>
                    <Field.Label>
                      {t('apiKey.label', 'Or connect with a {name} API key', { name: info.name })}
                    </Field.Label>
                    <Field.Input
                      type="password"
                      value={apiKey}
                      onChange={(e: React.ChangeEvent<HTMLInputElement>) => setApiKey(e.target.value)}
                    />
                    <Field.Hint />
                  </Field.Root>
                  <Button variant="secondary" onClick={connectApiKey} disabled={!apiKey || busy}>
                    {t('apiKey.connect', 'Connect with API key')}
                  </Button>
                </Flex>
              ) : null}
            </Flex>
          </Box>
          {connected ? info.admin.panels.map(panel) : null}
          <SyncHistory provider={provider} refreshKey={historyKey} onRetried={() => setPanelKey((k) => k + 1)} />
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default ProviderPage;

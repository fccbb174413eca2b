import { Badge, Box, Flex, Grid, LinkButton, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type { OverviewEntry, OverviewMeta } from '../../../contracts/connections';
import { AddressWarning, onOtherAddress } from '../components/AddressWarning';
import { LedgerRoutesSummary } from '../components/LedgerRoutes';
import type { SyncRunView } from '../components/SyncHistory';
import { PLUGIN_ID } from '../pluginId';
import { getTranslation } from '../utils/getTranslation';
import { isForbidden } from '../utils/isForbidden';
import { failureReason } from '../utils/runWords';

interface ProviderCard extends OverviewEntry {
  lastRun: SyncRunView | null;
}

type CardState = 'disconnected' | 'needs_reauth' | 'chooseOrganisation' | 'failed' | 'connected';

/** The one state that matters now: re-authorisation first, then a failed last sync, then connected or not. */
export const cardState = (card: ProviderCard): CardState => {
  const status = card.connection?.status ?? 'disconnected';
  if (status === 'needs_reauth') return 'needs_reauth';
  if (status === 'disconnected') return 'disconnected';
  if (status === 'connected' && !card.connection?.accountId) return 'chooseOrganisation';
  if (card.lastRun?.status === 'failed' || status === 'error') return 'failed';
  return 'connected';
};

const OverviewPage = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const tn = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get } = useFetchClient();
  const [cards, setCards] = useState<ProviderCard[] | null>(null);
  const [publicUrl, setPublicUrl] = useState<string | null>(null);
  const [error, setError] = useState<'forbidden' | 'failed' | null>(null);

  useEffect(() => {
    const load = async () => {
      const res = await get<{ data: OverviewEntry[]; meta?: Partial<OverviewMeta> }>(`/${PLUGIN_ID}/overview`);
      setPublicUrl(res.data.meta?.publicUrl ?? null);
      const withRuns = await Promise.all(
        res.data.data.map(async (entry) => {
          const runs = await get<{ data: SyncRunView[] }>(`/${PLUGIN_ID}/sync-runs?provider=${entry.provider}&limit=1`);
          return { ...entry, lastRun: runs.data.data[0] ?? null };
        })
      );
      setCards(withRuns);
    };
    load().catch((e: unknown) => setError(isForbidden(e) ? 'forbidden' : 'failed'));
  }, [get]);

  if (error === 'forbidden') return <Page.NoPermissions />;
  if (error) return <Page.Error />;
  if (!cards) return <Page.Loading />;

  const statusText = (card: ProviderCard, state: CardState) => {
    switch (state) {
      case 'connected':
        return t('status.connected', 'Connected to {name}', {
          name: card.connection?.accountName ?? card.connection?.accountId ?? '',
        });
      case 'failed':
        return t('overview.lastSyncFailed', 'Last sync failed');
      case 'chooseOrganisation':
        return t('status.chooseOrganisation', 'Choose an organisation');
      default:
        return t(`status.${state}`, state);
    }
  };
  const nextSyncText = (card: ProviderCard) => {
    const next = card.nextSync;
    if (next?.scheduled && next.at)
      return t('overview.nextSync', 'Next sync: {when}', { when: new Date(next.at).toLocaleString() });
    const reason = next?.reason ?? 'not_connected';
    const engineReasons: Record<string, string> = {
      not_connected: t('overview.notScheduled.not_connected', 'not connected'),
      cron_disabled: t('overview.notScheduled.cron_disabled', 'scheduled jobs are switched off on this server'),
    };
    // a provider module's own reason: its translation when there is one, else the module's words
    const words = engineReasons[reason] ?? t(`overview.notScheduled.${reason}`, next?.problem ?? reason);
    return t('overview.notScheduled', 'Next sync: not scheduled ({reason})', { reason: words });
  };
  const actionText = (card: ProviderCard, state: CardState) => {
    if (state === 'disconnected') return t('overview.connect', 'Connect {provider}', { provider: card.providerName });
    if (state === 'needs_reauth')
      return t('overview.reconnect', 'Reconnect {provider}', { provider: card.providerName });
    return t('overview.open', 'Open {provider}', { provider: card.providerName });
  };

  return (
    <Page.Main>
      <Page.Title>{t('overview.title', 'Integrations')}</Page.Title>
      <Layouts.Header title={t('overview.title', 'Integrations')} subtitle={t('overview.subtitle', '')} />
      <Layouts.Content>
        {publicUrl && onOtherAddress(publicUrl) ? (
          <Box paddingBottom={4}>
            <AddressWarning publicUrl={publicUrl} />
          </Box>
        ) : null}
        <Grid.Root gap={4}>
          {cards.map((card) => {
            const state = cardState(card);
            const lastRun = card.lastRun;
            return (
              <Grid.Item key={card.provider} col={6} s={12} alignItems="stretch">
                <Box
                  background="neutral0"
                  padding={6}
                  shadow="tableShadow"
                  hasRadius
                  width="100%"
                  height="100%"
                  tag="section"
                  aria-label={card.providerName}
                >
                  <Flex direction="column" alignItems="flex-start" gap={3} height="100%">
                    <Typography variant="delta" tag="h2">
                      {card.providerName}
                    </Typography>
                    <Flex gap={2}>
                      <Typography>{t('status.label', 'Status:')}</Typography>
                      <Badge active={state === 'connected'}>{statusText(card, state)}</Badge>
                    </Flex>
                    <Typography variant="pi" textColor="neutral600">
                      {lastRun
                        ? t('overview.lastSync', 'Last sync: {when} ({status})', {
                            when: new Date(lastRun.finishedAt ?? lastRun.startedAt).toLocaleString(),
                            status: t(`run.status.${lastRun.status}`, lastRun.status),
                          })
                        : t('overview.neverSynced', 'Last sync: never')}
                    </Typography>
                    <Typography variant="pi" textColor="neutral600">
                      {nextSyncText(card)}
                    </Typography>
                    {card.ledgers ? <LedgerRoutesSummary ledgers={card.ledgers} /> : null}
                    {state === 'failed' && lastRun && failureReason(tn, lastRun) ? (
                      <Typography variant="pi" textColor="danger600">
                        {t('history.syncFailed', 'Sync failed: {reason}', {
                          reason: failureReason(tn, lastRun) ?? '',
                        })}
                      </Typography>
                    ) : null}
                    {/* the action sits at the foot of every card, so the cards of a row line up */}
                    <Box flex="1" />
                    <LinkButton
                      tag={NavLink}
                      to={card.provider}
                      variant={state === 'connected' ? 'secondary' : 'default'}
                    >
                      {actionText(card, state)}
                    </LinkButton>
                  </Flex>
                </Box>
              </Grid.Item>
            );
          })}
        </Grid.Root>
      </Layouts.Content>
    </Page.Main>
  );
};

export default OverviewPage;

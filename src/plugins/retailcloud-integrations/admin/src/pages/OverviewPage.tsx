import { Badge, Box, Flex, Grid, Link, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type { ProviderId } from '../constants';
import { PLUGIN_ID } from '../pluginId';
import { getTranslation } from '../utils/getTranslation';

interface ConnectionView {
  status: 'connected' | 'needs_reauth' | 'disconnected' | 'error';
  accountName: string | null;
}
interface OverviewEntry {
  provider: ProviderId;
  providerName: string;
  connection: ConnectionView | null;
}

const OverviewPage = () => {
  const { formatMessage } = useIntl();
  const { get } = useFetchClient();
  const [entries, setEntries] = useState<OverviewEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    get<{ data: OverviewEntry[] }>(`/${PLUGIN_ID}/overview`)
      .then((res) => setEntries(res.data.data))
      .catch((e: Error) => setError(e.message));
  }, [get]);

  if (error) return <Page.Error />;
  if (!entries) return <Page.Loading />;

  return (
    <Page.Main>
      <Page.Title>{formatMessage({ id: getTranslation('overview.title'), defaultMessage: 'Integrations' })}</Page.Title>
      <Layouts.Header
        title={formatMessage({ id: getTranslation('overview.title'), defaultMessage: 'Integrations' })}
        subtitle={formatMessage({ id: getTranslation('overview.subtitle'), defaultMessage: '' })}
      />
      <Layouts.Content>
        <Grid.Root gap={4}>
          {entries.map((entry) => {
            const status = entry.connection?.status ?? 'disconnected';
            return (
              <Grid.Item key={entry.provider} col={6} s={12}>
                <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius width="100%">
                  <Flex direction="column" alignItems="flex-start" gap={3}>
                    <Typography variant="delta" tag="h2">
                      {entry.providerName}
                    </Typography>
                    <Badge active={status === 'connected'}>
                      {formatMessage(
                        { id: getTranslation(`status.${status}`), defaultMessage: status },
                        { name: entry.connection?.accountName ?? '' }
                      )}
                    </Badge>
                    <Link tag={NavLink} to={entry.provider}>
                      {formatMessage(
                        { id: getTranslation('overview.open'), defaultMessage: 'Open {provider}' },
                        { provider: entry.providerName }
                      )}
                    </Link>
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

import { Box, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useLocation } from 'react-router-dom';
import { PROVIDER_NAMES, PROVIDERS, type ProviderId } from '../constants';
import { getTranslation } from '../utils/getTranslation';

const ProviderPage = () => {
  const { formatMessage } = useIntl();
  const { pathname } = useLocation();
  const provider = PROVIDERS.find((p) => pathname.endsWith(`/${p}`)) as ProviderId | undefined;
  if (!provider) return <Page.Error />;
  const name = PROVIDER_NAMES[provider];
  return (
    <Page.Main>
      <Page.Title>{name}</Page.Title>
      <Layouts.Header title={name} />
      <Layouts.Content>
        <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
          <Typography>
            {formatMessage(
              { id: getTranslation('provider.notConnected'), defaultMessage: '{provider} is not connected yet.' },
              { provider: name }
            )}
          </Typography>
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
};

export default ProviderPage;

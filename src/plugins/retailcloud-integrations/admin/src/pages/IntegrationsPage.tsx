import { Route, Routes } from 'react-router-dom';
import OverviewPage from './OverviewPage';
import ProviderPage from './ProviderPage';

/**
 * Settings → Integrations: the overview of every provider the server registers, and each provider's page below it
 * (`integrations/<provider>`), whatever providers the server's modules declare.
 */
const IntegrationsPage = () => (
  <Routes>
    <Route index element={<OverviewPage />} />
    <Route path=":provider" element={<ProviderPage />} />
  </Routes>
);

export default IntegrationsPage;

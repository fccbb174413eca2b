import type { EcwidRouteModule } from './api';

/** GET /api/v3/{storeId}/profile: the store's name, contacts and formats. */
export const mountProfileRoutes: EcwidRouteModule = (api, deps) => {
  api.get('/profile', (ctx) => {
    const { store } = deps.state;
    ctx.body = {
      generalInfo: {
        storeId: store.storeId,
        storeUrl: store.storeUrl,
        starterSite: { ecwidSubdomain: 'demo-retail', generatedUrl: store.storeUrl },
        websitePlatform: 'instantsite',
      },
      account: {
        accountName: store.companyName,
        accountNickName: 'demoretail',
        accountEmail: store.email,
        availableFeatures: ['API', 'INVENTORY', 'DISCOUNT_COUPONS'],
      },
      settings: { storeName: store.storeName, closed: false, googleRemarketingEnabled: false },
      company: {
        companyName: store.companyName,
        email: store.email,
        street: '1 High Street',
        city: 'London',
        countryCode: store.countryCode,
        postalCode: 'N1 1AA',
        stateOrProvinceCode: '',
        phone: '+44 20 7946 0000',
      },
      formatsAndUnits: {
        currency: store.currency,
        currencyPrefix: '£',
        currencySuffix: '',
        currencyPrecision: 2,
        timezone: store.timezone,
        weightUnit: 'KILOGRAM',
      },
    };
  });
};

import { providerModules } from '.';
import { resolveProviderConfigs } from './config';
import { installProviderModules, isProviderId, providerIds, retryHandlerFor } from './registry';
import type { ProviderModule } from './types';

const fake = (id: string, extra: Partial<ProviderModule> = {}): ProviderModule => ({
  ...providerModules[0],
  id,
  name: id,
  adapter: { ...providerModules[0].adapter, id },
  jobs: [],
  retry: undefined,
  settings: undefined,
  ...extra,
});

describe('provider modules', () => {
  afterEach(() => installProviderModules(providerModules));

  it('the one list registers the four providers, each with its jobs, and nothing else knows the ids', () => {
    installProviderModules(providerModules);
    expect(providerIds()).toEqual(['ecwid', 'mailchimp', 'xero', 'quickbooks']);
    expect(isProviderId('xero')).toBe(true);
    expect(isProviderId('shopify')).toBe(false);
    expect(retryHandlerFor('xero', 'daily-posting')).toBeDefined();
    expect(retryHandlerFor('ecwid', 'daily-posting')).toBeUndefined();
    expect(retryHandlerFor('ecwid', 'ecwid-reconcile')).toBeUndefined();
  });

  it('refuses a module registered twice, a job name two modules define, an id unfit for URLs', () => {
    expect(() => installProviderModules([...providerModules, fake('ecwid')])).toThrow(/registered twice/);
    const job = providerModules[0].jobs[0];
    expect(() => installProviderModules([...providerModules, fake('other', { jobs: [job] })])).toThrow(
      /defined by two provider modules/
    );
    expect(() => installProviderModules([fake('Bad Id')])).toThrow(/lower-case/);
    expect(() => installProviderModules([{ ...fake('x1'), adapter: providerModules[1].adapter }])).toThrow(
      /carries the adapter of "mailchimp"/
    );
  });
});

describe('provider configuration, derived from the modules', () => {
  it('reads each provider from the environment, lets the app config win, and checks module settings', () => {
    const configs = resolveProviderConfigs(
      providerModules,
      { xero: { clientId: 'from-config', clientSecret: '' } },
      {
        XERO_CLIENT_ID: 'from-env',
        XERO_CLIENT_SECRET: 'secret-env',
        RCI_ECWID_SANDBOX_URL: 'http://127.0.0.1:4101',
        QUICKBOOKS_ENVIRONMENT: 'production',
      }
    );
    expect(Object.keys(configs)).toEqual(['ecwid', 'mailchimp', 'xero', 'quickbooks']);
    // an empty value in the app's config leaves the environment's
    expect(configs.xero).toEqual({ clientId: 'from-config', clientSecret: 'secret-env' });
    expect(configs.ecwid).toEqual({ sandboxUrl: 'http://127.0.0.1:4101' });
    expect(configs.quickbooks).toEqual({ environment: 'production' });
  });

  it('a dash in an id is an underscore in its environment variables', () => {
    const configs = resolveProviderConfigs([fake('fake-shop')], {}, { FAKE_SHOP_CLIENT_ID: 'id' });
    expect(configs['fake-shop']).toEqual({ clientId: 'id' });
  });

  it('names what is wrong: a provider no module registers, a setting the schema refuses or does not know', () => {
    expect(() => resolveProviderConfigs(providerModules, { shopify: {} }, {})).toThrow(
      /providers\.shopify names no registered provider module/
    );
    expect(() => resolveProviderConfigs(providerModules, {}, { QUICKBOOKS_ENVIRONMENT: 'staging' })).toThrow(
      /providers\.quickbooks\.environment/
    );
    expect(() => resolveProviderConfigs(providerModules, { xero: { enviroment: 'production' } }, {})).toThrow(
      /providers\.xero\.enviroment/
    );
    expect(() => resolveProviderConfigs(providerModules, {}, { RCI_XERO_SANDBOX_URL: 'not a url' })).toThrow(
      /providers\.xero\.sandboxUrl/
    );
  });
});

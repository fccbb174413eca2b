import {
  Alert,
  Box,
  Button,
  Combobox,
  ComboboxOption,
  Field,
  Flex,
  Grid,
  Link,
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
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { COUNTRY_CODES } from '../../../contracts/countries';
import {
  AUDIENCE_LIMITS,
  type AudienceDefaults,
  type CampaignView as Campaign,
  type TemplateDesignOption as Design,
  type AudienceSyncResult as SyncResult,
} from '../../../contracts/mailchimp';
import { PLUGIN_ID } from '../pluginId';
import { errorMessage } from '../utils/errorMessage';
import { withFieldLabel } from '../utils/fieldLabel';
import { getTranslation } from '../utils/getTranslation';
import { plainReason } from '../utils/runWords';
import { DataTable } from './DataTable';
import { type MailchimpAudience, MailchimpCampaignForm, type MailchimpTemplate } from './MailchimpCampaignForm';
import { PromotionReport } from './PromotionReport';

const AUDIENCE_FIELDS = [
  ['name', 'Audience name', true, AUDIENCE_LIMITS.name],
  ['company', 'Company', true, AUDIENCE_LIMITS.company],
  ['address1', 'Address line 1', true, AUDIENCE_LIMITS.address1],
  ['address2', 'Address line 2', false, AUDIENCE_LIMITS.address2],
  ['city', 'City', true, AUDIENCE_LIMITS.city],
  ['state', 'State or region', false, AUDIENCE_LIMITS.state],
  ['zip', 'Postcode', true, AUDIENCE_LIMITS.zip],
  ['fromName', 'Default from name', true, AUDIENCE_LIMITS.fromName],
  ['fromEmail', 'Default from email', true, AUDIENCE_LIMITS.fromEmail],
  ['subject', 'Default subject', false, AUDIENCE_LIMITS.subject],
  ['permissionReminder', 'Permission reminder (why people get your emails)', true, AUDIENCE_LIMITS.permissionReminder],
] as const;
type AudienceField = (typeof AUDIENCE_FIELDS)[number][0] | 'country';

/** Settings → Integrations → Mailchimp: the seed's "How to Send a Campaign?" steps. */
export const MailchimpPanel = ({
  onSynced,
}: {
  /** Called after a sync, so the page can refresh its sync history. */ onSynced?: () => void;
}) => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [audiences, setAudiences] = useState<MailchimpAudience[] | null>(null);
  const [templates, setTemplates] = useState<MailchimpTemplate[]>([]);
  const [designs, setDesigns] = useState<Design[]>([]);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [syncList, setSyncList] = useState('');
  const [syncResult, setSyncResult] = useState<SyncResult | null>(null);
  const [syncedList, setSyncedList] = useState('');
  const [newAudience, setNewAudience] = useState<Partial<Record<AudienceField, string>>>({});
  const [defaults, setDefaults] = useState<AudienceDefaults>({});
  const [countryText, setCountryText] = useState('');
  const [audienceError, setAudienceError] = useState<string | null>(null);
  const [showAudienceForm, setShowAudienceForm] = useState(false);
  const [tpl, setTpl] = useState({ name: '', design: '', shopName: '' });
  const [openReport, setOpenReport] = useState<{ code: string; at: number } | undefined>();
  const [launches, setLaunches] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const topRef = useRef<HTMLDivElement>(null);
  const base = `/${PLUGIN_ID}/mailchimp`;

  const loadAudiences = useCallback(async () => {
    const res = await get<{ data: MailchimpAudience[]; meta: { defaults?: AudienceDefaults } }>(`${base}/audiences`);
    setAudiences(res.data.data);
    setDefaults(res.data.meta.defaults ?? {});
  }, [get, base]);
  const loadTemplates = useCallback(async () => {
    const res = await get<{ data: MailchimpTemplate[] }>(`${base}/templates`);
    setTemplates(res.data.data);
  }, [get, base]);
  const loadCampaigns = useCallback(async () => {
    const res = await get<{ data: Campaign[] }>(`${base}/campaigns`);
    setCampaigns(res.data.data);
  }, [get, base]);

  useEffect(() => {
    const fail = (e: unknown) => toggleNotification({ type: 'danger', message: errorMessage(e) });
    loadAudiences().catch(fail);
    loadTemplates().catch(fail);
    loadCampaigns().catch(fail);
    get<{ data: Design[] }>(`${base}/template-designs`)
      .then((res) => setDesigns(res.data.data))
      .catch(fail);
  }, [get, base, loadAudiences, loadTemplates, loadCampaigns, toggleNotification]);

  const act = async (name: string, fn: () => Promise<void>) => {
    setBusy(name);
    try {
      await fn();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };

  const sync = () =>
    act('sync', async () => {
      const res = await post<{ data: SyncResult }>(`${base}/audiences/${encodeURIComponent(syncList)}/sync`, {});
      setSyncResult(res.data.data);
      setSyncedList(syncList);
      topRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      onSynced?.();
      await loadAudiences();
    });

  const audienceLabels: Record<string, string> = {
    ...Object.fromEntries(AUDIENCE_FIELDS.map(([f, label]) => [f, t(`mailchimp.audience.${f}`, label)])),
    country: t('mailchimp.audience.countryPicker', 'Country'),
    subject: t('mailchimp.audience.subject', 'Default subject'),
    language: t('mailchimp.audience.language', 'Language'),
  };
  const createAudience = () =>
    act('audience', async () => {
      setAudienceError(null);
      const body = Object.fromEntries(
        Object.entries(newAudience)
          .map(([k, v]) => [k, (v ?? '').trim()])
          .filter(([, v]) => v !== '')
      );
      const res = await post<{ data: MailchimpAudience }>(`${base}/audiences`, body).catch((e: unknown) => {
        setAudienceError(withFieldLabel(errorMessage(e), audienceLabels));
        return null;
      });
      if (!res) return;
      toggleNotification({
        type: 'success',
        message: t('mailchimp.audience.created', 'Audience {name} created in Mailchimp.', { name: res.data.data.name }),
      });
      setNewAudience({});
      setCountryText('');
      setShowAudienceForm(false);
      setSyncList(res.data.data.id);
      await loadAudiences();
    });

  const createTemplate = () =>
    act('template', async () => {
      const res = await post<{ data: MailchimpTemplate }>(`${base}/templates`, {
        name: tpl.name.trim(),
        design: tpl.design,
        shopName: tpl.shopName.trim(),
      });
      toggleNotification({
        type: 'success',
        message: t('mailchimp.template.created', 'Template {name} created in Mailchimp.', { name: res.data.data.name }),
      });
      setTpl({ ...tpl, name: '' });
      await loadTemplates();
    });

  const unschedule = (c: Campaign) =>
    act(`unschedule-${c.id}`, async () => {
      await post(`${base}/campaigns/${c.id}/unschedule`, {});
      toggleNotification({
        type: 'success',
        message: t('mailchimp.campaigns.unscheduled', 'Campaign {title} is a draft again.', { title: c.title }),
      });
      await loadCampaigns();
    });

  const refresh = (c: Campaign) =>
    act(`refresh-${c.id}`, async () => {
      await post(`${base}/campaigns/${c.id}/refresh`, {});
      await loadCampaigns();
    });

  const statusText = (s: Campaign['status']) =>
    ({
      launching: t('mailchimp.status.launching', 'Launching (waiting for Mailchimp)'),
      save: t('mailchimp.status.draft', 'Draft'),
      paused: t('mailchimp.status.paused', 'Paused'),
      schedule: t('mailchimp.status.scheduled', 'Scheduled'),
      sending: t('mailchimp.status.sending', 'Sending'),
      sent: t('mailchimp.status.sent', 'Sent'),
    })[s] ?? s;

  const skipReason = (why: string) =>
    ({
      no_email: t('mailchimp.skip.no_email', 'no email address'),
      invalid_email: t('mailchimp.skip.invalid_email', 'invalid email address'),
      never_opted_in: t('mailchimp.skip.never_opted_in', 'never opted in to marketing'),
      out_in_mailchimp: t('mailchimp.skip.out_in_mailchimp', 'unsubscribed, bounced or cleaned in Mailchimp'),
    })[why] ?? why.replace(/_/g, ' ');

  const audienceName = (id: string) => audiences?.find((a) => a.id === id)?.name ?? id;
  const audienceComplete =
    AUDIENCE_FIELDS.every(([f, , required]) => !required || (newAudience[f] ?? '').trim()) &&
    COUNTRY_CODES.includes(newAudience.country ?? '');
  const countries = useMemo(() => {
    const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames([locale], { type: 'region' }) : null;
    return COUNTRY_CODES.map((code) => ({ code, name: names?.of(code) ?? code })).sort((a, b) =>
      a.name.localeCompare(b.name, locale)
    );
  }, [locale]);
  const countryName = (code: string) => countries.find((c) => c.code === code)?.name ?? '';
  // The defaults may arrive after the form was opened (a quick click while the audiences load): fill only the fields
  // still empty, never what the merchant typed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the defaults arrive; countryName reads the list
  useEffect(() => {
    if (!showAudienceForm) return;
    setNewAudience((current) => {
      const merged = { ...current };
      for (const [field, value] of Object.entries(defaults) as Array<[AudienceField, string | undefined]>)
        if (value && !merged[field]) merged[field] = value;
      return merged;
    });
    if (defaults.country) setCountryText((text) => text || countryName(defaults.country ?? ''));
  }, [defaults, showAudienceForm]);

  const openAudienceForm = () => {
    // filled from the store's name and the Mailchimp account's profile; the merchant checks and corrects
    if (!showAudienceForm && Object.keys(newAudience).length === 0) {
      setNewAudience({ ...defaults });
      setCountryText(countryName(defaults.country ?? ''));
    }
    setAudienceError(null);
    setShowAudienceForm(!showAudienceForm);
  };

  /**
   * What a sync did, in plain words: how many contacts went to Mailchimp and what became of them, who was kept
   * unsubscribed because they asked, and what the audience holds now (its subscribed members).
   */
  const syncSentences = (r: SyncResult): string[] => {
    const outInMailchimp = r.skipped.out_in_mailchimp ?? 0;
    const optedOutInCas = r.skipped.not_a_member ?? 0;
    const sent = r.counts.added + r.counts.updated + r.counts.failed;
    const lines = [
      t(
        'mailchimp.sync.sentences.sent',
        '{sent, plural, =0 {Nothing needed sending to Mailchimp} one {# contact sent to Mailchimp: {added} added as subscribed} other {# contacts sent to Mailchimp: {added} added as subscribed}}{updated, plural, =0 {} one {, # already in the audience updated (keeping its subscription as it was)} other {, # already in the audience updated (keeping their subscription as it was)}}.',
        { sent, added: r.counts.added, updated: r.counts.updated }
      ),
    ];
    if (outInMailchimp + optedOutInCas > 0)
      lines.push(
        t(
          'mailchimp.sync.sentences.kept',
          '{kept, plural, one {# customer was} other {# customers were}} kept unsubscribed, as they asked{inMailchimp, plural, =0 {} other {: # unsubscribed or bounced in Mailchimp}}{inCas, plural, =0 {} other {{inMailchimp, plural, =0 {:} other {;}} # opted out in CAS and {inCas, plural, one {was} other {were}} not added}}.',
          { kept: outInMailchimp + optedOutInCas, inMailchimp: outInMailchimp, inCas: optedOutInCas }
        )
      );
    if (r.counts.markedUnsubscribedInCas > 0)
      lines.push(
        t(
          'mailchimp.sync.sentences.marked',
          '{count, plural, one {# customer} other {# customers}} who unsubscribed in Mailchimp {count, plural, one {is} other {are}} now marked unsubscribed in CAS.',
          { count: r.counts.markedUnsubscribedInCas }
        )
      );
    const never = r.skipped.never_opted_in ?? 0;
    if (never > 0)
      lines.push(
        t(
          'mailchimp.sync.sentences.never',
          '{count, plural, one {# customer} other {# customers}} never agreed to marketing emails and {count, plural, one {was} other {were}} not sent.',
          { count: never }
        )
      );
    const list = audiences?.find((a) => a.id === syncedList);
    if (list)
      lines.push(
        t(
          'mailchimp.sync.sentences.members',
          'The audience {name} now has {members, plural, one {# subscribed member} other {# subscribed members}}: they are who a campaign reaches.',
          { name: list.name, members: list.memberCount }
        )
      );
    return lines;
  };

  const countryField = (
    <Grid.Item alignItems="flex-start" key="country" col={6} s={12}>
      <Field.Root
        name="mc-audience-country"
        required
        width="100%"
        hint={t('mailchimp.audience.countryHint', 'The country of the postal address printed in every email.')}
      >
        <Field.Label>{audienceLabels.country}</Field.Label>
        <Combobox
          value={newAudience.country ?? ''}
          textValue={countryText}
          onTextValueChange={setCountryText}
          onChange={(v?: string) => {
            setNewAudience({ ...newAudience, country: v ?? '' });
            setCountryText(countryName(v ?? ''));
          }}
          onClear={() => {
            setNewAudience({ ...newAudience, country: '' });
            setCountryText('');
          }}
          autocomplete={{ type: 'list', filter: 'contains' }}
          placeholder={t('mailchimp.audience.chooseCountry', 'Type or choose a country')}
          noOptionsMessage={() => t('mailchimp.audience.noCountry', 'No country by that name')}
        >
          {countries.map((c) => (
            <ComboboxOption key={c.code} value={c.code}>
              {c.name}
            </ComboboxOption>
          ))}
        </Combobox>
        <Field.Hint />
      </Field.Root>
    </Grid.Item>
  );

  const syncAlert = (r: SyncResult) => {
    const skippedWhy = Object.entries(r.skipped).filter(
      ([why, n]) => n > 0 && !['out_in_mailchimp', 'not_a_member', 'never_opted_in'].includes(why)
    );
    const failures = r.failures.filter((f) => !f.reason.startsWith('skipped:'));
    return (
      <Alert
        variant={r.status === 'done' ? 'success' : r.status === 'partial' ? 'warning' : 'danger'}
        title={
          r.status === 'done'
            ? t('mailchimp.sync.done', 'Contacts synced')
            : r.status === 'partial'
              ? t('mailchimp.sync.partial', 'Contacts partly synced')
              : t('mailchimp.sync.failed', 'Contact sync failed')
        }
        closeLabel={t('close', 'Close')}
        onClose={() => setSyncResult(null)}
      >
        <Flex direction="column" alignItems="flex-start" gap={1}>
          {syncSentences(r).map((line) => (
            <Typography key={line}>{line}</Typography>
          ))}
          {skippedWhy.length ? (
            <Box>
              <Typography fontWeight="bold">{t('mailchimp.sync.skippedWhy', 'Skipped because:')}</Typography>
              <ul>
                {skippedWhy.map(([why, n]) => (
                  <li key={why}>
                    <Typography>{`${n} · ${skipReason(why)}`}</Typography>
                  </li>
                ))}
              </ul>
            </Box>
          ) : null}
          {failures.length ? (
            <Box>
              <Typography fontWeight="bold">{t('mailchimp.sync.failedWhy', 'Failed because:')}</Typography>
              <ul>
                {failures.slice(0, 20).map((f) => (
                  <li key={`${f.ref}:${f.reason}`}>
                    <Typography>{`${f.ref}: ${plainReason(t, { provider: 'mailchimp' }, f.reason).words}`}</Typography>
                  </li>
                ))}
              </ul>
              {failures.length > 20 ? (
                <Typography variant="pi">
                  {t('mailchimp.sync.more', 'and {count} more in the sync history (run {run}).', {
                    count: failures.length - 20,
                    run: r.runId,
                  })}
                </Typography>
              ) : null}
            </Box>
          ) : null}
        </Flex>
      </Alert>
    );
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4} ref={topRef}>
      {syncResult ? syncAlert(syncResult) : null}

      <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius tag="section">
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h2">
            {t('mailchimp.audiences.title', '2. Audiences and contacts')}
          </Typography>
          {audiences === null ? (
            <Typography>{t('mailchimp.loading', 'Loading from Mailchimp…')}</Typography>
          ) : audiences.length === 0 ? (
            <Typography textColor="neutral600">
              {t('mailchimp.audiences.empty', 'This Mailchimp account has no audience yet: create one below.')}
            </Typography>
          ) : (
            <DataTable
              headers={[
                t('mailchimp.audiences.name', 'Audience'),
                t('mailchimp.audiences.subscribed', 'Subscribed members'),
                t('mailchimp.audiences.created', 'Created'),
              ]}
              rows={audiences.map((a) => ({
                key: a.id,
                cells: [a.name, a.memberCount, a.createdAt ? new Date(a.createdAt).toLocaleDateString(locale) : '—'],
              }))}
            />
          )}
          <Flex gap={4} alignItems="flex-end">
            <Field.Root
              name="mc-sync-audience"
              hint={t(
                'mailchimp.sync.hint',
                'Only customers who opted in are added; nobody is re-subscribed. Synced daily afterwards.'
              )}
            >
              <Field.Label>{t('mailchimp.sync.audience', 'Audience to sync CAS customers to')}</Field.Label>
              <SingleSelect
                value={syncList}
                onChange={(v: string | number) => setSyncList(String(v))}
                placeholder={t('mailchimp.campaign.chooseAudience', 'Choose an audience')}
              >
                {(audiences ?? []).map((a) => (
                  <SingleSelectOption key={a.id} value={a.id}>
                    {a.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
            <Button onClick={sync} loading={busy === 'sync'} disabled={!syncList || busy !== null}>
              {t('mailchimp.sync.button', 'Sync contacts')}
            </Button>
          </Flex>

          <Box>
            <Button variant="tertiary" onClick={openAudienceForm}>
              {showAudienceForm
                ? t('mailchimp.audience.hideForm', 'Hide the new audience form')
                : t('mailchimp.audience.showForm', 'Create an audience from CAS')}
            </Button>
          </Box>
          {showAudienceForm ? (
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Typography variant="pi" textColor="neutral600">
                {t(
                  'mailchimp.audience.prefilled',
                  'Mailchimp requires a postal address, a default sender and a permission reminder for every audience. They are filled in from your store and your Mailchimp profile: check them before creating the audience.'
                )}
              </Typography>
              {audienceError ? (
                <Alert
                  variant="danger"
                  title={t('mailchimp.audience.failed', 'The audience was not created')}
                  closeLabel={t('close', 'Close')}
                  onClose={() => setAudienceError(null)}
                >
                  {audienceError}
                </Alert>
              ) : null}
              <Grid.Root gap={4}>
                {AUDIENCE_FIELDS.flatMap(([field, label, required, max]) => [
                  <Grid.Item alignItems="flex-start" key={field} col={field === 'permissionReminder' ? 12 : 6} s={12}>
                    <Field.Root name={`mc-audience-${field}`} required={required} width="100%">
                      <Field.Label>{t(`mailchimp.audience.${field}`, label)}</Field.Label>
                      <Field.Input
                        type={field === 'fromEmail' ? 'email' : 'text'}
                        maxLength={max}
                        value={newAudience[field] ?? ''}
                        onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                          setNewAudience({ ...newAudience, [field]: e.target.value })
                        }
                      />
                    </Field.Root>
                  </Grid.Item>,
                  // the country belongs to the postal address: right after the postcode
                  ...(field === 'zip' ? [countryField] : []),
                ])}
              </Grid.Root>
              <Box>
                <Button
                  onClick={createAudience}
                  loading={busy === 'audience'}
                  disabled={!audienceComplete || busy !== null}
                >
                  {t('mailchimp.audience.create', 'Create audience')}
                </Button>
              </Box>
            </Flex>
          ) : null}
        </Flex>
      </Box>

      <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius tag="section">
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h2">
            {t('mailchimp.templates.title', '3. Templates')}
          </Typography>
          <Grid.Root gap={4}>
            <Grid.Item alignItems="flex-start" col={6} s={12}>
              <Field.Root name="mc-template-name" required width="100%">
                <Field.Label>{t('mailchimp.template.name', 'Template name')}</Field.Label>
                <Field.Input
                  maxLength={50}
                  value={tpl.name}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTpl({ ...tpl, name: e.target.value })}
                />
              </Field.Root>
            </Grid.Item>
            <Grid.Item alignItems="flex-start" col={6} s={12}>
              <Field.Root name="mc-template-shop" required width="100%">
                <Field.Label>{t('mailchimp.template.shopName', 'Shop name')}</Field.Label>
                <Field.Input
                  maxLength={100}
                  value={tpl.shopName}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTpl({ ...tpl, shopName: e.target.value })}
                />
              </Field.Root>
            </Grid.Item>
            <Grid.Item alignItems="flex-start" col={6} s={12}>
              <Field.Root name="mc-template-design" required width="100%">
                <Field.Label>{t('mailchimp.template.design', 'Design')}</Field.Label>
                <SingleSelect
                  value={tpl.design}
                  onChange={(v: string | number) => setTpl({ ...tpl, design: String(v) })}
                  placeholder={t('mailchimp.template.chooseDesign', 'Choose a design')}
                >
                  {designs.map((d) => (
                    <SingleSelectOption key={d.id} value={d.id}>
                      {d.label}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Grid.Item>
            <Grid.Item alignItems="flex-start" col={6} s={12}>
              <Box paddingTop={6}>
                <Typography variant="pi" textColor="neutral600">
                  {t(
                    'mailchimp.template.designHint',
                    'A template is a design with places for the offer, the code and its terms. Each campaign fills them with its own discount when it is launched, so an email never shows another code.'
                  )}
                </Typography>
              </Box>
            </Grid.Item>
          </Grid.Root>
          <Box>
            <Button
              onClick={createTemplate}
              loading={busy === 'template'}
              disabled={!tpl.name.trim() || !tpl.shopName.trim() || !tpl.design || busy !== null}
            >
              {t('mailchimp.template.create', 'Create template')}
            </Button>
          </Box>
          {templates.length === 0 ? (
            <Typography textColor="neutral600">{t('mailchimp.templates.empty', 'No template yet.')}</Typography>
          ) : (
            <DataTable
              headers={[
                t('mailchimp.template.name', 'Template name'),
                t('mailchimp.templates.created', 'Created'),
                t('mailchimp.templates.edit', 'Edit'),
              ]}
              rows={templates.map((x) => ({
                key: x.id,
                cells: [
                  x.name,
                  x.createdAt ? new Date(x.createdAt).toLocaleString() : '—',
                  <Link key="edit" href={x.editUrl} isExternal>
                    {t('mailchimp.templates.editInMailchimp', 'Edit in Mailchimp')}
                  </Link>,
                ],
              }))}
            />
          )}
        </Flex>
      </Box>

      <MailchimpCampaignForm
        audiences={audiences ?? []}
        templates={templates}
        reloadAudiences={loadAudiences}
        onLaunched={() => {
          setLaunches((n) => n + 1);
          return loadCampaigns();
        }}
      />

      <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius tag="section">
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h2">
            {t('mailchimp.campaigns.title', '5. Campaigns')}
          </Typography>
          {campaigns.length === 0 ? (
            <Typography textColor="neutral600">
              {t('mailchimp.campaigns.empty', 'No campaign launched from CAS yet.')}
            </Typography>
          ) : (
            <Table colCount={6} rowCount={campaigns.length + 1}>
              <Thead>
                <Tr>
                  <Th>{t('mailchimp.campaign.name', 'Campaign name')}</Th>
                  <Th>{t('mailchimp.campaign.audience', 'Audience')}</Th>
                  <Th>{t('mailchimp.campaign.discount', 'Discount code')}</Th>
                  <Th>{t('mailchimp.campaigns.status', 'Status')}</Th>
                  <Th>{t('mailchimp.campaigns.when', 'Sent or scheduled for')}</Th>
                  <Th>{t('mailchimp.campaigns.actions', 'Actions')}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {campaigns.map((c) => (
                  <Tr key={c.id}>
                    <Td>
                      <Flex direction="column" alignItems="flex-start">
                        <Typography>{c.title}</Typography>
                        {c.note ? (
                          <Typography variant="pi" textColor="neutral600">
                            {c.note}
                          </Typography>
                        ) : null}
                      </Flex>
                    </Td>
                    <Td>{audienceName(c.listId)}</Td>
                    <Td>{c.discountCode}</Td>
                    <Td>
                      <Typography fontWeight="bold">{statusText(c.status)}</Typography>
                    </Td>
                    <Td>
                      {c.sentAt
                        ? new Date(c.sentAt).toLocaleString()
                        : c.scheduledFor
                          ? new Date(c.scheduledFor).toLocaleString()
                          : '—'}
                    </Td>
                    <Td>
                      <Flex gap={2}>
                        {c.status === 'schedule' ? (
                          <Button
                            variant="danger-light"
                            size="S"
                            onClick={() => unschedule(c)}
                            loading={busy === `unschedule-${c.id}`}
                            disabled={busy !== null}
                          >
                            {t('mailchimp.campaigns.unschedule', 'Unschedule')}
                          </Button>
                        ) : null}
                        <Button
                          variant="tertiary"
                          size="S"
                          onClick={() => refresh(c)}
                          loading={busy === `refresh-${c.id}`}
                          disabled={busy !== null}
                        >
                          {t('mailchimp.campaigns.refresh', 'Refresh status')}
                        </Button>
                        <Button
                          variant="tertiary"
                          size="S"
                          onClick={() => setOpenReport({ code: c.discountCode, at: Date.now() })}
                        >
                          {t('mailchimp.campaigns.report', 'Promotion report')}
                        </Button>
                      </Flex>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Flex>
      </Box>

      <PromotionReport open={openReport} reloadKey={launches} />
    </Flex>
  );
};

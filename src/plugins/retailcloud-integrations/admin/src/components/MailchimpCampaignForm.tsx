import {
  Alert,
  Box,
  Button,
  DateTimePicker,
  Dialog,
  Field,
  Flex,
  Grid,
  Radio,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useEffect, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import {
  CAMPAIGN_LIMITS,
  type CampaignView,
  type MailchimpAudience,
  type MailchimpTemplate,
  type OfferableDiscount,
} from '../../../contracts/mailchimp';
import { PLUGIN_ID } from '../pluginId';
import { withFieldLabel } from '../utils/fieldLabel';
import { formatCents } from '../utils/formatCents';
import { getTranslation } from '../utils/getTranslation';

export type { MailchimpAudience, MailchimpTemplate, OfferableDiscount };

interface ApiErrorBody {
  message?: string;
  details?: { field?: string; nextValidTime?: string; left?: string; campaignId?: string | null };
}
const apiError = (e: unknown): { status?: number; message: string; details: ApiErrorBody['details'] } => {
  const err = e as {
    status?: number;
    response?: { status?: number; data?: { error?: ApiErrorBody & { status?: number } } };
    message?: string;
  };
  const body = err.response?.data?.error;
  return {
    status: err.response?.status ?? body?.status ?? err.status,
    message: body?.message ?? err.message ?? 'Something went wrong',
    details: body?.details,
  };
};

/** A Date as local date-time text (YYYY-MM-DDTHH:mm, the browser's time zone): the form's value for the picker. */
const toLocalInput = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** The first quarter-hour (:00, :15, :30, :45 UTC) at least 30 minutes from now: a sensible default. */
const defaultSchedule = () => {
  const quarter = 15 * 60_000;
  return toLocalInput(new Date(Math.ceil((Date.now() + 30 * 60_000) / quarter) * quarter));
};

const EMAIL = /^[^\s@"<>(),;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/** "15% off" or "5.00 off": the discount's offer in words; empty for an amount discount without an amount. */
const offerWords = (d: OfferableDiscount) =>
  d.kind === 'percent'
    ? `${d.percentOff ?? ''}% off`
    : d.amountOffCents !== null && d.amountOffCents !== undefined
      ? `${formatCents(d.amountOffCents, '').trim()} off`
      : '';

/** "15% off, until 2026-12-31": what the email's offer and dates say. */
const offerText = (d: OfferableDiscount) => {
  const offer = offerWords(d) || '0.00 off';
  return d.endsAt ? `${offer}, until ${String(d.endsAt).slice(0, 10)}` : offer;
};

const discountLabel = (d: OfferableDiscount) => {
  const offer = offerWords(d);
  const until = d.endsAt ? `, until ${String(d.endsAt).slice(0, 10)}` : '';
  return `${d.code} · ${d.name}${offer ? ` (${offer}${until})` : until ? ` (${until.slice(2)})` : ''}`;
};

/** The seed's campaign form: audience, name, subject, from name and email, template, discount code, now or later. */
export const MailchimpCampaignForm = ({
  audiences,
  templates,
  reloadAudiences,
  onLaunched,
}: {
  audiences: MailchimpAudience[];
  templates: MailchimpTemplate[];
  /** read the audiences again (their subscribed members now), before the confirmation names the count */
  reloadAudiences: () => Promise<void>;
  onLaunched: () => void | Promise<void>;
}) => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [listId, setListId] = useState('');
  const [title, setTitle] = useState('');
  const [subjectLine, setSubjectLine] = useState('');
  const [fromName, setFromName] = useState('');
  const [fromEmail, setFromEmail] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [discountCode, setDiscountCode] = useState('');
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [scheduleAt, setScheduleAt] = useState(defaultSchedule());
  const [discounts, setDiscounts] = useState<OfferableDiscount[] | null>(null);
  const [scheduleError, setScheduleError] = useState<{ message: string; next?: string } | null>(null);
  const [launchError, setLaunchError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // one Date per value: the picker rewrites its text whenever it is handed a new Date object, so a fresh one on every
  // render would undo what the merchant is typing each time the form re-renders
  const scheduleDate = useMemo(() => (scheduleAt ? new Date(scheduleAt) : undefined), [scheduleAt]);

  const scheduleIso = () => {
    const d = new Date(scheduleAt);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  };
  const sendAt = when === 'later' ? scheduleIso() : null;

  // Only codes the server says are usable for the send time (active now and still valid then).
  useEffect(() => {
    let cancelled = false;
    const query = sendAt ? `?sendAt=${encodeURIComponent(sendAt)}` : '';
    get<{ data: OfferableDiscount[] }>(`/${PLUGIN_ID}/mailchimp/discounts${query}`)
      .then((res) => {
        if (cancelled) return;
        setDiscounts(res.data.data);
        setDiscountCode((code) => (res.data.data.some((d) => d.code === code) ? code : ''));
      })
      .catch((e) => {
        if (!cancelled) toggleNotification({ type: 'danger', message: apiError(e).message });
      });
    return () => {
      cancelled = true;
    };
  }, [get, sendAt, toggleNotification]);

  const chosenAudience = audiences.find((a) => a.id === listId);
  const chosenDiscount = (discounts ?? []).find((d) => d.code === discountCode);
  const emailInvalid = fromEmail.trim() !== '' && !EMAIL.test(fromEmail.trim());
  const missing =
    !listId || !title.trim() || !subjectLine.trim() || !fromName.trim() || !fromEmail.trim() || !templateId;
  const canLaunch = !missing && !emailInvalid && !!discountCode && (when === 'now' || !!sendAt) && !busy;

  const labels: Record<string, string> = {
    listId: t('mailchimp.campaign.audience', 'Audience'),
    title: t('mailchimp.campaign.name', 'Campaign name'),
    subjectLine: t('mailchimp.campaign.subject', 'Subject'),
    fromName: t('mailchimp.campaign.fromName', 'From name'),
    fromEmail: t('mailchimp.campaign.fromEmail', 'From email'),
    templateId: t('mailchimp.campaign.template', 'Template'),
    discountCode: t('mailchimp.campaign.discount', 'Discount code'),
    scheduleAt: t('mailchimp.campaign.scheduleAt', 'Send at'),
  };

  /** Before anything is sent: the audience's subscribed members are read again, then named in the confirmation. */
  const review = async () => {
    setLaunchError(null);
    setBusy(true);
    try {
      await reloadAudiences();
      setConfirming(true);
    } catch (e) {
      setLaunchError(withFieldLabel(apiError(e).message, labels));
    } finally {
      setBusy(false);
    }
  };

  const launch = async () => {
    setConfirming(false);
    setBusy(true);
    setScheduleError(null);
    setLaunchError(null);
    try {
      const res = await post<{ data: CampaignView }>(`/${PLUGIN_ID}/mailchimp/campaigns`, {
        listId,
        title: title.trim(),
        subjectLine: subjectLine.trim(),
        fromName: fromName.trim(),
        fromEmail: fromEmail.trim(),
        templateId: Number(templateId),
        discountCode,
        scheduleAt: when === 'later' ? sendAt : null,
      });
      if (res.data.data.alreadyLaunched)
        toggleNotification({
          type: 'info',
          message: t(
            'mailchimp.launch.already',
            'The campaign {title} had already gone out with the code {code}; nothing was sent again.',
            { title: res.data.data.title, code: res.data.data.discountCode }
          ),
        });
      else
        toggleNotification({
          type: 'success',
          message:
            when === 'later'
              ? t('mailchimp.launch.scheduled', 'The campaign is scheduled in Mailchimp.')
              : t('mailchimp.launch.sent', 'The campaign was sent by Mailchimp.'),
        });
      setTitle('');
      setSubjectLine('');
      await onLaunched();
    } catch (e) {
      const err = apiError(e);
      if (err.status === 400 && (err.details?.field === 'scheduleAt' || err.message.startsWith('scheduleAt'))) {
        const next = err.details?.nextValidTime ?? err.message.match(/next valid time is (\S+?)\.?$/)?.[1];
        setScheduleError({ message: withFieldLabel(err.message, labels), next });
      } else {
        setLaunchError(withFieldLabel(err.message, labels));
      }
    } finally {
      setBusy(false);
    }
  };

  const text = (
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    extra?: { hint?: string; error?: string; type?: string; maxLength?: number }
  ) => (
    <Field.Root name={name} required hint={extra?.hint} error={extra?.error} width="100%">
      <Field.Label>{label}</Field.Label>
      <Field.Input
        type={extra?.type ?? 'text'}
        value={value}
        maxLength={extra?.maxLength}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(e.target.value)}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );

  return (
    <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius tag="section">
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {t('mailchimp.campaign.title', '4. Create and launch a campaign')}
        </Typography>
        {launchError ? (
          <Alert
            variant="danger"
            title={t('mailchimp.launch.failed', 'Mailchimp refused the campaign')}
            closeLabel={t('close', 'Close')}
            onClose={() => setLaunchError(null)}
          >
            {launchError}
          </Alert>
        ) : null}
        <Grid.Root gap={4}>
          <Grid.Item alignItems="flex-start" col={6} s={12}>
            <Field.Root name="mc-audience" required width="100%">
              <Field.Label>{t('mailchimp.campaign.audience', 'Audience')}</Field.Label>
              <SingleSelect
                value={listId}
                onChange={(v: string | number) => setListId(String(v))}
                placeholder={t('mailchimp.campaign.chooseAudience', 'Choose an audience')}
              >
                {audiences.map((a) => (
                  <SingleSelectOption key={a.id} value={a.id}>
                    {t(
                      'mailchimp.campaign.audienceOption',
                      '{name} · {count, plural, one {# subscribed member} other {# subscribed members}}',
                      {
                        name: a.name,
                        count: a.memberCount,
                      }
                    )}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
          <Grid.Item alignItems="flex-start" col={6} s={12}>
            {text('mc-title', t('mailchimp.campaign.name', 'Campaign name'), title, setTitle, {
              maxLength: CAMPAIGN_LIMITS.title,
            })}
          </Grid.Item>
          <Grid.Item alignItems="flex-start" col={12} s={12}>
            {text('mc-subject', t('mailchimp.campaign.subject', 'Subject'), subjectLine, setSubjectLine, {
              maxLength: CAMPAIGN_LIMITS.subjectLine,
            })}
          </Grid.Item>
          <Grid.Item alignItems="flex-start" col={6} s={12}>
            {text('mc-from-name', t('mailchimp.campaign.fromName', 'From name'), fromName, setFromName, {
              maxLength: CAMPAIGN_LIMITS.fromName,
            })}
          </Grid.Item>
          <Grid.Item alignItems="flex-start" col={6} s={12}>
            {text('mc-from-email', t('mailchimp.campaign.fromEmail', 'From email'), fromEmail, setFromEmail, {
              type: 'email',
              maxLength: CAMPAIGN_LIMITS.fromEmail,
              hint: t('mailchimp.campaign.fromEmailHint', 'An address on a domain verified in Mailchimp.'),
              error: emailInvalid
                ? t('mailchimp.campaign.fromEmailInvalid', 'Enter a valid email address.')
                : undefined,
            })}
          </Grid.Item>
          <Grid.Item alignItems="flex-start" col={6} s={12}>
            <Field.Root name="mc-template" required width="100%">
              <Field.Label>{t('mailchimp.campaign.template', 'Template')}</Field.Label>
              <SingleSelect
                value={templateId}
                onChange={(v: string | number) => setTemplateId(String(v))}
                placeholder={t('mailchimp.campaign.chooseTemplate', 'Choose a template')}
              >
                {templates.map((tpl) => (
                  <SingleSelectOption key={tpl.id} value={String(tpl.id)}>
                    {tpl.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
          <Grid.Item alignItems="flex-start" col={6} s={12}>
            <Field.Root
              name="mc-discount"
              required
              width="100%"
              hint={
                discounts && discounts.length === 0
                  ? t('mailchimp.campaign.noDiscounts', 'No discount is active now and until the send time.')
                  : t(
                      'mailchimp.campaign.discountHint',
                      'Only discounts active now and until the send time are offered.'
                    )
              }
            >
              <Field.Label>{t('mailchimp.campaign.discount', 'Discount code')}</Field.Label>
              <SingleSelect
                value={discountCode}
                onChange={(v: string | number) => setDiscountCode(String(v))}
                placeholder={t('mailchimp.campaign.chooseDiscount', 'Choose a discount code')}
                disabled={!discounts || discounts.length === 0}
              >
                {(discounts ?? []).map((d) => (
                  <SingleSelectOption key={d.code} value={d.code}>
                    {discountLabel(d)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
        <Field.Root name="mc-when">
          <Field.Label>{t('mailchimp.campaign.when', 'When to send')}</Field.Label>
          <Radio.Group
            value={when}
            onValueChange={(v: string) => {
              setWhen(v === 'later' ? 'later' : 'now');
              setScheduleError(null);
            }}
            aria-label={t('mailchimp.campaign.when', 'When to send')}
          >
            <Radio.Item value="now">{t('mailchimp.campaign.now', 'Send now')}</Radio.Item>
            <Radio.Item value="later">{t('mailchimp.campaign.later', 'Schedule for later')}</Radio.Item>
          </Radio.Group>
        </Field.Root>
        {when === 'later' ? (
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Field.Root
              name="mc-schedule"
              required
              hint={t(
                'mailchimp.campaign.scheduleHint',
                'Mailchimp schedules only on the quarter-hour (:00, :15, :30, :45 UTC) in the future. Your local time.'
              )}
              error={scheduleError?.message}
            >
              <Field.Label>{t('mailchimp.campaign.scheduleAt', 'Send at')}</Field.Label>
              <DateTimePicker
                name="mc-schedule"
                locale={locale}
                step={15}
                value={scheduleDate}
                onChange={(date: Date | undefined) => {
                  setScheduleAt(date ? toLocalInput(date) : '');
                  setScheduleError(null);
                }}
                onClear={() => setScheduleAt('')}
                clearLabel={t('date.clear', 'Clear the date')}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            {scheduleError?.next ? (
              <Flex gap={2} alignItems="center">
                <Typography>
                  {t('mailchimp.campaign.nextValid', 'Next valid time: {time}', {
                    time: new Date(scheduleError.next).toLocaleString(),
                  })}
                </Typography>
                <Button
                  variant="secondary"
                  onClick={() => {
                    if (scheduleError.next) setScheduleAt(toLocalInput(new Date(scheduleError.next)));
                    setScheduleError(null);
                  }}
                >
                  {t('mailchimp.campaign.useNext', 'Use this time')}
                </Button>
              </Flex>
            ) : null}
          </Flex>
        ) : null}
        <Flex gap={2}>
          <Button onClick={review} loading={busy} disabled={!canLaunch}>
            {when === 'later'
              ? t('mailchimp.campaign.reviewSchedule', 'Review and schedule…')
              : t('mailchimp.campaign.reviewSend', 'Review and send…')}
          </Button>
          {!canLaunch && !busy ? (
            <Typography variant="pi" textColor="neutral600">
              {t('mailchimp.campaign.fillAll', 'Fill in every field to launch.')}
            </Typography>
          ) : null}
        </Flex>
      </Flex>
      <Dialog.Root open={confirming} onOpenChange={setConfirming}>
        <Dialog.Content>
          <Dialog.Header>
            {when === 'later'
              ? t('mailchimp.confirm.titleSchedule', 'Schedule this campaign?')
              : t('mailchimp.confirm.titleSend', 'Send this campaign now?')}
          </Dialog.Header>
          <Dialog.Body>
            {chosenAudience && chosenDiscount ? (
              <Flex direction="column" alignItems="stretch" gap={3} width="100%">
                <Typography>
                  {when === 'later'
                    ? t(
                        'mailchimp.confirm.bodySchedule',
                        'On {time}, Mailchimp will email the {count, plural, one {# subscribed member} other {# subscribed members}} of the audience {audience} with the discount code {code}.',
                        {
                          time: sendAt ? new Date(sendAt).toLocaleString() : '',
                          count: chosenAudience.memberCount,
                          audience: chosenAudience.name,
                          code: chosenDiscount.code,
                        }
                      )
                    : t(
                        'mailchimp.confirm.bodySend',
                        'Mailchimp will email the {count, plural, one {# subscribed member} other {# subscribed members}} of the audience {audience} now, with the discount code {code}.',
                        {
                          count: chosenAudience.memberCount,
                          audience: chosenAudience.name,
                          code: chosenDiscount.code,
                        }
                      )}
                </Typography>
                <Box background="neutral100" padding={3} hasRadius>
                  <Flex direction="column" alignItems="flex-start" gap={1}>
                    <Typography>
                      {t('mailchimp.confirm.audience', 'Audience: {audience}', { audience: chosenAudience.name })}
                    </Typography>
                    <Typography>
                      {t(
                        'mailchimp.confirm.recipients',
                        'Recipients: {count, plural, =0 {nobody} one {# subscribed member} other {# subscribed members}}',
                        { count: chosenAudience.memberCount }
                      )}
                    </Typography>
                    <Typography>
                      {t('mailchimp.confirm.code', 'Code in the email: {code} ({name}: {offer})', {
                        code: chosenDiscount.code,
                        name: chosenDiscount.name,
                        offer: offerText(chosenDiscount),
                      })}
                    </Typography>
                    <Typography>
                      {t('mailchimp.confirm.subject', 'Subject: {subject}', { subject: subjectLine.trim() })}
                    </Typography>
                  </Flex>
                </Box>
                {chosenAudience.memberCount === 0 ? (
                  <Typography textColor="danger600">
                    {t(
                      'mailchimp.confirm.empty',
                      'This audience has no subscribed member: Mailchimp will refuse to send. Sync your contacts first.'
                    )}
                  </Typography>
                ) : (
                  <Typography variant="pi" textColor="neutral600">
                    {t(
                      'mailchimp.confirm.unsubscribed',
                      'Contacts who unsubscribed or bounced receive nothing. Once sent, an email cannot be called back.'
                    )}
                  </Typography>
                )}
              </Flex>
            ) : null}
          </Dialog.Body>
          <Dialog.Footer>
            <Dialog.Cancel>
              <Button variant="tertiary">{t('cancel', 'Cancel')}</Button>
            </Dialog.Cancel>
            <Dialog.Action>
              <Button onClick={launch} disabled={!chosenAudience || chosenAudience.memberCount === 0}>
                {when === 'later'
                  ? t('mailchimp.confirm.schedule', 'Schedule for {count, plural, one {# person} other {# people}}', {
                      count: chosenAudience?.memberCount ?? 0,
                    })
                  : t('mailchimp.confirm.send', 'Send now to {count, plural, one {# person} other {# people}}', {
                      count: chosenAudience?.memberCount ?? 0,
                    })}
              </Button>
            </Dialog.Action>
          </Dialog.Footer>
        </Dialog.Content>
      </Dialog.Root>
    </Box>
  );
};

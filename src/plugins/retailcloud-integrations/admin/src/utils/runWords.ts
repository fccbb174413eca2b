import { providerFailure } from '../../../contracts/provider-words';

/**
 * The sync history's keys (run kinds, count names, item entities) as words for the merchant. The translations
 * (`run.kind.<kind>`, `run.count.<name>`, `run.entity.<entity>`) name the known ones; a key added later still reads
 * as words rather than as code: `writeCalls` → `write calls`, `ecwid-setup` → `Ecwid setup`.
 */
export const keyAsWords = (key: string): string =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase();

export const sentence = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1);

type Translate = (id: string, defaultMessage: string) => string;

export const runKindLabel = (t: Translate, kind: string): string => t(`run.kind.${kind}`, sentence(keyAsWords(kind)));

export const countLabel = (t: Translate, name: string): string => t(`run.count.${name}`, keyAsWords(name));

export const entityLabel = (t: Translate, entity: string): string => t(`run.entity.${entity}`, keyAsWords(entity));

/**
 * Counts that are the machinery's, not the merchant's: progress, time left and provider calls. Counts per entity
 * (`products.created`) are the detail behind the totals (`created`) and are not repeated in the summary either.
 */
const TECHNICAL_COUNTS = new Set(['percent', 'etaSeconds', 'calls', 'writeCalls', 'readCalls']);

export type TranslateWith = (id: string, defaultMessage: string, values?: Record<string, string | number>) => string;

/**
 * A run's counts as one short sentence ("120 created, 34 unchanged, 180 skipped (100 never opted in)."): only the
 * counts that say something, in words, technical ones left out; a count split by reason (`skipped_no_email`) is
 * shown in brackets after its total. A run with nothing to count reads "Nothing to do."
 */
export const runSummary = (t: TranslateWith, counts: Record<string, number> | null): string => {
  const entries = Object.entries(counts ?? {}).filter(
    ([name, value]) => value !== 0 && !TECHNICAL_COUNTS.has(name) && !name.includes('.')
  );
  const names = new Set(entries.map(([name]) => name));
  const parts: string[] = [];
  for (const [name, value] of entries) {
    const base = name.includes('_') ? name.slice(0, name.indexOf('_')) : null;
    if (base && names.has(base)) continue; // shown in brackets after its total
    const reasons = entries
      .filter(([other]) => other.startsWith(`${name}_`))
      .map(([other, n]) =>
        t('run.summary.part', '{count} {what}', { count: n, what: countLabel(t, other.replace(/^[^_]+_/, '')) })
      );
    const part = t('run.summary.part', '{count} {what}', { count: value, what: countLabel(t, name) });
    parts.push(reasons.length ? `${part} (${reasons.join(', ')})` : part);
  }
  return parts.length
    ? t('run.summary.sentence', '{parts}.', { parts: parts.join(', ') })
    : t('run.summary.nothing', 'Nothing to do.');
};

export interface RunItem {
  entity: string;
  ref: string;
  reason: string;
  label?: string;
}

/** A run's items that failed apart from those skipped on purpose (no SKU, no consent…): a skip is not a failure. */
export const splitItems = <T extends RunItem>(items: T[] | null | undefined): { failed: T[]; skipped: T[] } => {
  const failed: T[] = [];
  const skipped: T[] = [];
  for (const item of items ?? []) (item.reason.startsWith('skipped') ? skipped : failed).push(item);
  return { failed, skipped };
};

/** A skipped item's reason without its "skipped: " prefix (the list it is in already says it was skipped). */
export const skipReason = (reason: string): string => reason.replace(/^skipped:?\s*/, '');

/**
 * A recorded reason in the merchant's words: a provider's answer ("HTTP 503 …", an error code) becomes a sentence
 * naming the provider and what happens next (docs/run-words.md); `details` keeps the provider's own words for the
 * engineer. Other reasons are CAS's own sentences and stay as they are.
 */
export const plainReason = (
  t: TranslateWith,
  run: { provider?: string; kind?: string },
  text: string
): { words: string; details: string | null } => {
  const provider = run.provider ? t(`provider.${run.provider}`, sentence(keyAsWords(run.provider))) : null;
  const failure = providerFailure(text, provider ?? undefined);
  if (!failure) return { words: text, details: null };
  const who = provider ?? t('run.provider.someone', 'The provider');
  // a request the merchant made (kind 'request', utils/errorMessage.ts) is not retried for them: they try again
  const again =
    run.kind === 'daily-posting'
      ? t('run.provider.dayRetried', 'the day will be retried')
      : run.kind === 'request'
        ? t('run.provider.tryAgain', 'try again in a few minutes')
        : t('run.provider.retried', 'it will be tried again');
  const words = {
    timeout: t('run.provider.timeout', '{provider} did not answer in time; {again}', { provider: who, again }),
    throttled: t('run.provider.throttled', '{provider} asked us to slow down (too many requests at once); {again}', {
      provider: who,
      again,
    }),
    unavailable: t('run.provider.unavailable', '{provider} did not answer (it was unavailable); {again}', {
      provider: who,
      again,
    }),
    internal: t('run.provider.internal', '{provider} had a problem of its own; {again}', { provider: who, again }),
    access: t('run.provider.access', '{provider} refused our access: connect again from the Integrations page', {
      provider: who,
    }),
    gone: t('run.provider.gone', '{provider} no longer has what this refers to (deleted there?)', { provider: who }),
    refused: failure.said
      ? t('run.provider.refusedBecause', '{provider} refused it: {why}', {
          provider: who,
          why: failure.said.replace(/[.\s]+$/, ''),
        })
      : t('run.provider.refused', '{provider} refused it', { provider: who }),
  }[failure.kind];
  return { words: `${failure.lead}${words}`, details: failure.details };
};

/**
 * Why a run failed, in one line for the top of the result and of the history row: the reason most of its failed
 * items share (with how many), else the run's own message.
 */
export const failureReason = (
  t: TranslateWith,
  run: { status: string; message: string | null; failures?: RunItem[] | null; provider?: string; kind?: string }
): string | null => {
  if (run.status !== 'failed' && run.status !== 'partial') return null;
  const { failed } = splitItems(run.failures);
  if (failed.length) {
    const byReason = new Map<string, number>();
    for (const f of failed) {
      const { words } = plainReason(t, run, f.reason);
      byReason.set(words, (byReason.get(words) ?? 0) + 1);
    }
    const [reason, count] = [...byReason.entries()].sort((a, b) => b[1] - a[1])[0];
    const others = failed.length - count;
    return others
      ? t(
          'run.reason.mostly',
          '{reason} ({count} items; {others, plural, one {# more} other {# more}} failed for other reasons)',
          {
            reason,
            count,
            others,
          }
        )
      : count > 1
        ? t('run.reason.items', '{reason} ({count} items)', { reason, count })
        : reason;
  }
  return run.message ? plainReason(t, run, run.message).words : t('run.reason.unknown', 'no reason was recorded');
};

/** The run's message without the counts an Ecwid push writes at its start (the summary already says them). */
export const messageBeyondCounts = (message: string | null): string =>
  (message ?? '').replace(/^\d+ created, \d+ updated, \d+ adopted, \d+ unchanged, \d+ skipped, \d+ failed( — )?/, '');

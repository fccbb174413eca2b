import en from '../src/plugins/retailcloud-integrations/admin/src/translations/en.json';
import {
  entityLabel,
  formatCounts,
  keyAsWords,
  runKindLabel,
} from '../src/plugins/retailcloud-integrations/admin/src/utils/runWords';

/** The admin's formatMessage with the plugin's English messages (ids are prefixed by getTranslation there). */
const english = (id: string, defaultMessage: string) => (en as Record<string, string>)[id] ?? defaultMessage;
/** A language without these messages: only the fallback words show. */
const untranslated = (_id: string, defaultMessage: string) => defaultMessage;

describe('the sync history shows keys as words', () => {
  it('counts: translated names, zero counts left out, a new key still read as words', () => {
    expect(formatCounts(english, { posted: 2, busy: 1, unchanged: 0, writeCalls: 4 })).toBe(
      'posted: 2, being posted by another run: 1, provider writes: 4'
    );
    expect(formatCounts(untranslated, { markedUnsubscribedInCas: 3 })).toBe('marked unsubscribed in cas: 3');
    expect(formatCounts(english, { posted: 0 })).toBe('—');
  });

  it('run kinds and item entities are never shown as their keys', () => {
    expect(runKindLabel(english, 'daily-posting')).toBe('Daily sales posting');
    expect(runKindLabel(untranslated, 'ecwid-setup')).toBe('Ecwid setup');
    expect(entityLabel(english, 'store-day')).toBe('store day');
    expect(keyAsWords('etaSeconds')).toBe('eta seconds');
  });
});

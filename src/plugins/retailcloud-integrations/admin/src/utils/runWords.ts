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

/** Only the counts that say something (a run's zero counters would push the status out of view), in words. */
export const formatCounts = (t: Translate, counts: Record<string, number> | null): string => {
  const shown = Object.entries(counts ?? {}).filter(([, value]) => value !== 0);
  return shown.length ? shown.map(([name, value]) => `${countLabel(t, name)}: ${value}`).join(', ') : '—';
};

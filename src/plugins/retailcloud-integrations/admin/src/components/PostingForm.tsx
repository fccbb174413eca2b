import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { StoreMappingState } from '../../../contracts/accounting';
import { getTranslation } from '../utils/getTranslation';
import { DayField } from './DayField';

/**
 * The posting form's fields: the business days, and the store picked from the stores CAS knows (each said ready or
 * held), or every store.
 */
export const PostingForm = ({
  from,
  to,
  store,
  stores,
  onFrom,
  onTo,
  onStore,
}: {
  from: string;
  to: string;
  store: string;
  stores: StoreMappingState[];
  onFrom: (value: string) => void;
  onTo: (value: string) => void;
  onStore: (value: string) => void;
}) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  return (
    <>
      <DayField
        name="from"
        label={t('post.from', 'From (business day)')}
        value={from}
        onChange={onFrom}
        hint={t('dayRange.fromHint', 'The first business day')}
      />
      <DayField
        name="to"
        label={t('post.to', 'To')}
        value={to}
        onChange={onTo}
        hint={t('dayRange.toHint', 'The last business day, included')}
      />
      <Field.Root name="store" hint={t('post.storePickHint', 'A held store waits for its accounts')}>
        <Field.Label>{t('post.storePick', 'Store to post')}</Field.Label>
        <SingleSelect value={store} onChange={(v: string | number) => onStore(String(v))}>
          <SingleSelectOption value="">{t('post.everyStore', 'Every store of this ledger')}</SingleSelectOption>
          {stores.map((s) => (
            <SingleSelectOption key={s.code} value={s.code}>
              {s.ready
                ? t('post.storeReady', '{store} · {name}', { store: s.code, name: s.name })
                : t('post.storeHeld', '{store} · {name} (held: accounts incomplete)', { store: s.code, name: s.name })}
            </SingleSelectOption>
          ))}
        </SingleSelect>
        <Field.Hint />
      </Field.Root>
    </>
  );
};

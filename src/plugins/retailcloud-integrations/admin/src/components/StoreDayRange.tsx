import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';
import { DayField } from './DayField';

interface StoreDayRangeProps {
  /** field names: `${prefix}from`, `${prefix}to`, `${prefix}store` */
  prefix?: string;
  from: string;
  to: string;
  store: string;
  onFrom: (value: string) => void;
  onTo: (value: string) => void;
  onStore: (value: string) => void;
  /** the stores to pick from (code and name as CAS knows them) */
  stores: Array<{ code: string; name: string }>;
  storeHint?: string;
}

/** The business-day range (the design system's date pickers) and the store, picked from the stores CAS knows, that the daily sales report asks for. */
export const StoreDayRange = ({
  prefix = '',
  from,
  to,
  store,
  onFrom,
  onTo,
  onStore,
  stores,
  storeHint,
}: StoreDayRangeProps) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  // every field carries a hint, so the three line up (a field with a hint beside one without sits out of line)
  return (
    <>
      <DayField
        name={`${prefix}from`}
        label={t('post.from', 'From (business day)')}
        value={from}
        onChange={onFrom}
        hint={t('dayRange.fromHint', 'The first business day')}
      />
      <DayField
        name={`${prefix}to`}
        label={t('post.to', 'To')}
        value={to}
        onChange={onTo}
        hint={t('dayRange.toHint', 'The last business day, included')}
      />
      <Field.Root
        name={`${prefix}store`}
        hint={storeHint ?? t('dayRange.storeHint', 'The store whose sales are shown')}
      >
        <Field.Label>{t('report.store', 'Store')}</Field.Label>
        <SingleSelect
          value={store}
          placeholder={t('report.pickStore', 'Choose a store')}
          onChange={(v: string | number) => onStore(String(v))}
        >
          {stores.map((s) => (
            <SingleSelectOption key={s.code} value={s.code}>
              {`${s.name} (${s.code})`}
            </SingleSelectOption>
          ))}
        </SingleSelect>
        <Field.Hint />
      </Field.Root>
    </>
  );
};

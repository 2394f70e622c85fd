import { CloseButton, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The one knowledge search box, on Home and on Knowledge Articles. */
export function SearchBar(props: { value: string; onChange: (v: string) => void; autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <TextInput
      size="md"
      type="search"
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onChange('');
      }}
      placeholder={t('knowledge.searchPlaceholder')}
      aria-label={t('knowledge.searchLabel')}
      leftSection={<IconSearch size={18} aria-hidden />}
      rightSection={
        props.value ? <CloseButton aria-label={t('knowledge.clearSearch')} onClick={() => props.onChange('')} /> : null
      }
      autoFocus={props.autoFocus}
      maxLength={10_000}
      data-testid="kb-search"
    />
  );
}

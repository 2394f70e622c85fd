import { CloseButton, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * The one knowledge search box, on Home and on Knowledge Articles.
 * takeFocus puts the cursor in it when the screen opens: searching is what
 * those screens are for.
 */
export function SearchBar(props: { value: string; onChange: (v: string) => void; takeFocus?: boolean }) {
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
      // eslint-disable-next-line jsx-a11y/no-autofocus -- deliberate, see takeFocus
      autoFocus={props.takeFocus}
      maxLength={10_000}
      data-testid="kb-search"
    />
  );
}

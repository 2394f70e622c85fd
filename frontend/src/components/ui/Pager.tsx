import { Pagination } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Page numbers for a long list. The previous and next arrows are named
 * ("Next page"), so a screen reader and a keyboard user know what they do.
 */
export function Pager(props: { total: number; value: number; onChange: (page: number) => void }) {
  const { t } = useTranslation();
  return (
    <Pagination
      total={props.total}
      value={props.value}
      onChange={props.onChange}
      getControlProps={(c) => ({ 'aria-label': t(`common.page_${c}`) })}
    />
  );
}

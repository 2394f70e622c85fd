import { IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/ui/EmptyState';

// Screens that later work fills in. Until then each says plainly what will
// appear there, instead of showing a blank page.

export function AccountPage() {
  const { t } = useTranslation();
  return <EmptyState icon={<IconUsers size={32} />} title={t('empty.accountTitle')} text={t('empty.accountText')} />;
}

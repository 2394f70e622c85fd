import { IconBriefcase, IconHeadset, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/ui/EmptyState';

// Screens that later work fills in. Until then each says plainly what will
// appear there, instead of showing a blank page.

export function ContactPage() {
  const { t } = useTranslation();
  return <EmptyState icon={<IconHeadset size={32} />} title={t('empty.contactTitle')} text={t('empty.contactText')} />;
}

export function CasesPage() {
  const { t } = useTranslation();
  return <EmptyState icon={<IconBriefcase size={32} />} title={t('empty.casesTitle')} text={t('empty.casesText')} />;
}

export function AccountPage() {
  const { t } = useTranslation();
  return <EmptyState icon={<IconUsers size={32} />} title={t('empty.accountTitle')} text={t('empty.accountText')} />;
}
